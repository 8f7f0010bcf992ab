/**
 * What 云履职 announces to other modules (platform/events): 履职评价 (issue #9) turns these into duty
 * records. Each payload names the congress and the user who acted; `at` is when it happened.
 */
export interface ProposalEvent {
  congressId: number;
  proposalId: number;
  /** The representative's user who acted (proposer, co-signer, reviewer, rater). */
  userId: number;
  /** The proposal's title, for the record. */
  title: string;
  at: Date;
}

declare module '../../platform/events/events.ts' {
  interface DomainEvents {
    /** A draft left the co-signing stage into review (as a proposal or a suggestion). */
    'proposals.proposal_submitted': ProposalEvent;
    /** The review committee filed it (立案); `userId` is the proposer. */
    'proposals.proposal_filed': ProposalEvent;
    /** An invited representative co-signed (附议); `userId` is the co-signer. */
    'proposals.proposal_cosigned': ProposalEvent;
    /** A co-signer withdrew their co-signature before review; `userId` is the co-signer. */
    'proposals.cosign_withdrawn': ProposalEvent;
    /** The proposer withdrew the proposal before review; `userId` is the proposer. */
    'proposals.proposal_withdrawn': ProposalEvent;
    /** A reviewer decided (立案 / 转建议 / 退回修改); `userId` is the reviewer. */
    'proposals.proposal_reviewed': ProposalEvent & { decision: string };
    /** The proposer rated the handling (总结反馈); `userId` is the proposer. */
    'proposals.proposal_rated': ProposalEvent & { rating: string };
    /** A representative answered a worker's message; one event per thread's first answer. */
    'proposals.contact_replied': {
      congressId: number;
      representativeId: number;
      threadId: number;
      subject: string;
      at: Date;
    };
  }
}
