/** The asset path of `src/assets/policy.private.json` once deployed (the `.private` suffix is dropped). */
export const POLICY_ASSET_PATH = '/policy.json';

/** The part of the Functions `Runtime` global that serves assets. */
export interface AssetRuntime {
  getAssets(): Readonly<Record<string, { open(): string } | undefined>>;
}

/**
 * The deployed policy file's text, or `{}` (the built-in defaults, which are strict) when the
 * asset is absent. Reading it costs a file read; `loadPolicy` caches the compiled result.
 */
export function readPolicyAsset(runtime: AssetRuntime): string {
  const asset = runtime.getAssets()[POLICY_ASSET_PATH];
  return asset ? asset.open() : '{}';
}
