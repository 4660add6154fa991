/** The committed compiled schema (written by `npm run gen:ews-schema`). */
export const MODEL_PATH = new URL('./ews-model.generated.json', import.meta.url);
