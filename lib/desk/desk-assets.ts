/*
 * The desk's only stylesheet and script, served by the desk itself (`script-src 'self'`). The
 * script is progressive: every form works without it. It adds the live preview (the form is
 * re-submitted into the preview frame, debounced, so the frame shows the public page's own bytes
 * under the public page's own CSP), keyboard shortcuts, and a confirmation before Delete.
 */

export const deskCss = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fafafa}
a{color:#0b57d0}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.6rem 1rem;background:#1a1a1a;color:#fff}
.bar a{color:#fff}
.brand{font-weight:700;text-decoration:none}
.bar nav{display:flex;gap:1rem}
.signout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
main{padding:1rem;max-width:90rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
label{display:block;font-weight:600}
input,select,textarea,button{font:inherit}
input,select,textarea{width:100%;padding:.4rem;border:1px solid #767676;border-radius:4px;background:#fff;color:#1a1a1a}
textarea{resize:vertical}
button{padding:.45rem .9rem;border:1px solid #0b57d0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}
button.danger{background:#b3261e;border-color:#b3261e}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #f9ab00;outline-offset:1px}
.narrow{max-width:28rem;display:grid;gap:.6rem}
.hint{margin:.1rem 0 .3rem;color:#4a4a4a;font-size:.9rem}
.error{color:#b3261e;font-weight:600}
.field{margin-bottom:.9rem}
.field.invalid input,.field.invalid textarea,.field.invalid select{border-color:#b3261e;border-width:2px}
.notice{padding:.5rem .8rem;background:#e6f4ea;border-left:4px solid #137333}
.conflict{padding:.5rem .8rem;background:#fef7e0;border-left:4px solid #b06000;margin-bottom:1rem}
.conflict pre{white-space:pre-wrap;max-height:15rem;overflow:auto}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:1rem}
.filters label{flex:1 1 10rem}
.articles{width:100%;border-collapse:collapse;background:#fff}
.aggregators{margin:0;padding:0;list-style:none}
.articles th,.articles td{text-align:left;padding:.45rem;border-bottom:1px solid #ddd;vertical-align:top}
.status{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;font-weight:600;background:#e8eaed}
.status-published{background:#e6f4ea;color:#0d652d}
.status-scheduled{background:#e8f0fe;color:#174ea6}
.status-deleted{background:#fce8e6;color:#a50e0e}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
.workspace{display:grid;gap:1.5rem}
.preview iframe{width:100%;height:70vh;border:1px solid #767676;background:#fff}
.preview h2{font-size:1.1rem;margin:0 0 .4rem}
@media (min-width:64rem){.workspace{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.preview{position:sticky;top:1rem;align-self:start}}
@media (max-width:40rem){.articles thead{display:none}.articles tr{display:block;border-bottom:1px solid #ddd;padding:.4rem 0}.articles td{display:block;border:0;padding:.1rem .45rem}}
@media (max-width:40rem){.counts td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
`

export const deskJs = `(() => {
  const form = document.getElementById('editor')
  const preview = document.getElementById('preview-button')
  if (!form || !preview) return
  let timer
  const refresh = () => form.requestSubmit(preview)
  form.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(refresh, 500)
  })
  form.addEventListener('submit', (event) => {
    if (event.submitter && event.submitter.value === 'delete' &&
        !window.confirm('Delete this article? If readers saw it, its page will answer 410 Gone.')) {
      event.preventDefault()
    }
  })
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey)) return
    if (event.key === 's') {
      event.preventDefault()
      form.requestSubmit(form.querySelector('button[value=draft]'))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      refresh()
    }
  })
  refresh()
})()
`
