import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Col, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/** One headline figure of a dashboard: a number (formatted by Statistic) or ready text. */
export interface Kpi {
  key: string;
  title: string;
  value: ReactNode;
  hint?: ReactNode;
  /** The figure's definition, behind an ⓘ. */
  tip?: string;
  /** Shown in red (e.g. overdue reviews). */
  danger?: boolean;
}

/** The row of KPI cards every statistics page opens with; `testIdPrefix` + key names each card. */
export function KpiCards({
  kpis,
  testIdPrefix,
  bodyStyle,
}: {
  kpis: Kpi[];
  testIdPrefix: string;
  bodyStyle: { body: CSSProperties };
}) {
  return (
    <Row gutter={[12, 12]}>
      {kpis.map((k) => (
        <Col key={k.key} xs={12} md={6} xxl={3}>
          <Card
            size="small"
            style={{ height: '100%' }}
            styles={bodyStyle}
            data-testid={`${testIdPrefix}${k.key}`}
          >
            <Statistic
              title={
                <Space size={4}>
                  {k.title}
                  {k.tip && (
                    <Tooltip title={k.tip}>
                      <InfoCircleOutlined aria-label={k.tip} />
                    </Tooltip>
                  )}
                </Space>
              }
              value={typeof k.value === 'number' ? k.value : undefined}
              formatter={typeof k.value === 'number' ? undefined : () => k.value}
              valueStyle={{ fontSize: 24, color: k.danger ? '#cf1322' : undefined }}
            />
            {k.hint && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k.hint}
              </Typography.Text>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
