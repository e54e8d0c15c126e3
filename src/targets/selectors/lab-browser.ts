// Selectors of the lab browser on the canary's pages (CSS, as data).
export const LAB_BROWSER_SELECTORS = {
  /** The search field of the canary's search page. */
  input: '#cw-q',
  submit: '#cw-submit',
  /** Where the results page shows the query back. */
  echo: '#cw-echo',
} as const;

export type LabBrowserSelectors = typeof LAB_BROWSER_SELECTORS;
