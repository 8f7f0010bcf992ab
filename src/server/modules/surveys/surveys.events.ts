/** What surveys announce to other modules (platform/events): 会员评议 records of 履职评价 (issue #9). */
declare module '../../platform/events/events.ts' {
  interface DomainEvents {
    /**
     * A 会员评议代表 survey (purpose `representatives`) closed: one event per representative rated, with
     * the totals of their answers (never who gave them), published in the closing transaction.
     */
    'surveys.representative_evaluated': {
      congressId: number;
      representativeId: number;
      surveyId: number;
      surveyTitle: string;
      /** Responses about this representative. */
      responses: number;
      satisfiedAnswers: number;
      countedAnswers: number;
      /** When the survey closed. */
      at: Date;
    };
  }
}

export {};
