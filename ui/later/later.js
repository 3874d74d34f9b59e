// Vanishing Point's "first screen first" (ui/later.py). Mounted as the last element of a page's first run, which
// stops after its step view. It waits until every chart sent so far is drawn (Plotly has put its svg in), lets the
// browser paint once, then asks the server for the rest of the page (a trigger: one rerun, which draws it all).
const asked = new WeakMap();

function drawn() {
  // an element still loading its code (Plotly is loaded on first use) shows Streamlit's skeleton in its place
  if (document.querySelector('[data-testid="stElementContainer"] > [data-testid="stSkeleton"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return Array.from(charts).every((c) => c.querySelector(".main-svg") !== null);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (asked.get(parentElement) === data.run) return;  // once per held run (a new run sends a new id)
  asked.set(parentElement, data.run);
  const began = performance.now();
  let done = false;
  const ask = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    // after the next paint: the first screen is on screen before the rest is drawn (it blocks the main thread)
    requestAnimationFrame(() => setTimeout(() => setTriggerValue("painted", data.run), 0));
  };
  const observer = new MutationObserver(() => { if (drawn() || performance.now() - began > data.wait_ms) ask(); });
  observer.observe(document.body, { childList: true, subtree: true });
  if (drawn()) ask();
  setTimeout(ask, data.wait_ms);  // a chart that never draws must not keep the rest of the lesson away
}
