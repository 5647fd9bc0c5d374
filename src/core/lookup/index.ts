export * from './lookup-line-type';
export * from './refine-with-lookup';
