// The marker moved to tracked/, shared by sync, escalation and the review; kept here for the callers that name it.
export * from '../tracked/marker.js';
