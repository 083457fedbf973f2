import { createHash } from 'node:crypto'
import { pageSecurityHeaders } from './security-headers.ts'

/**
 * The subscribe page's one script, inline and allowed by its hash: it shows the copy buttons (hidden
 * without it, since they would do nothing) and copies a feed address to the clipboard, or selects
 * it for Ctrl+C / ⌘C where the clipboard is not available. Without it the addresses are still there
 * to select and the one-click links still work.
 */
export const subscribeScript = `for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.getAttribute('aria-controls'));
  field.addEventListener('focus', () => field.select());
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = 'Copied';
    } catch {
      field.focus();
      field.select();
      button.textContent = 'Press Ctrl+C';
    }
  });
}
`

/** `'sha256-…'` source expression of {@link subscribeScript}, for `script-src` in the CSP. */
export const subscribeScriptHash = `'sha256-${createHash('sha256').update(subscribeScript, 'utf8').digest('base64')}'`

/** The pages' headers, with the CSP allowing exactly the subscribe script and nothing else to run. */
export const subscribePageSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  ...pageSecurityHeaders,
  'Content-Security-Policy': `${pageSecurityHeaders['Content-Security-Policy']}; script-src ${subscribeScriptHash}`,
})
