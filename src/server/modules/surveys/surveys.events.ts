/** What surveys announce to other modules (platform/events): 会员评议 records of 履职评价 (issue #9). */
declare module '../../platform/events/events.ts' {
  interface DomainEvents {
    /**
     * A member (or the union) answered a survey rating a representative. The response id is random and
     * says nothing about who answered (anonymous surveys stay anonymous in the duty record).
     */
    'surveys.representative_evaluated': {
      congressId: number;
      representativeId: number;
      surveyId: number;
      surveyTitle: string;
      purpose: 'representatives' | 'union_rates_reps';
      responseId: string;
      satisfiedAnswers: number;
      countedAnswers: number;
      at: Date;
    };
  }
}

export {};
