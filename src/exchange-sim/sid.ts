// Windows security identifiers in their SDDL string form (S-1-<authority>-<sub-authority>...), as
// ExchangeImpersonation's ConnectingSID/SID carries them. Sub-authorities are 32-bit, at most 15 of them.
const SID_FORM = /^S-1-\d{1,14}(-\d{1,10}){1,15}$/i;

export function isSid(text: string): boolean {
  if (!SID_FORM.test(text)) return false;
  return text
    .split('-')
    .slice(3)
    .every((n) => Number(n) <= 0xffffffff);
}
