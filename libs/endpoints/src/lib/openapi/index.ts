export type { OpenAPIDocuments, OpenAPIGroupVersionDocument } from './openapi-document';
export { buildOpenAPIDocuments, documentHash, groupVersionPath, openAPIRoot } from './openapi-document';
export { OpenAPIService } from './openapi-handler';
export { PATCH_CONTENT_TYPES, groupVersionNames, resourcePaths } from './openapi-paths';
