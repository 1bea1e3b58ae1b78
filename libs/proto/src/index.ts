export * from './gen/strata/storage/v1/storage';
