/** What the request screens share with the server (R4.2): the API's types and the pure rules. */
export type {
  OutsiderRequest, OutsiderRequestDetail, RequestApprovalInput, RequestApproved, RequestInput, RequestStatus,
} from '../../../src/contract/requests.js';
export {
  DEFAULT_REQUEST_SETTINGS, NEED_GRANT_ACTION, REQUEST_MACHINE, REQUEST_NEEDS, REQUEST_NEED_LABELS, REQUEST_PURPOSES, REQUEST_PURPOSE_LABELS,
  type RequestNeed, type RequestPurpose, type RequestState,
} from '../../../src/domain/workflows/outsider-request.js';
