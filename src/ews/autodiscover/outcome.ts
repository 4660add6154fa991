// What one Autodiscover request (POX or SOAP) can answer.
export type AutodiscoverOutcome =
  | {
      readonly kind: 'settings';
      /** The EWS URL to use (internal preferred for an on-premises sync engine, else external). */
      readonly ewsUrl: string;
      /** Every setting returned, by GetUserSettings name (InternalEwsUrl, ExternalEwsUrl, CasVersion, GroupingInformation...). */
      readonly settings: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'redirectAddress'; readonly address: string }
  | { readonly kind: 'redirectUrl'; readonly url: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };
