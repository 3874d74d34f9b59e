// Vanishing Point's step player (ui/player.py): plays a step-through view forward in the browser, one frame per
// step, with no message to the server while it plays. The server hears only where it stopped: setTriggerValue
// ("stopped", t) on pause, at the end, and when a scrub or a key press lands on a step.
const players = new WeakMap();

// viridis, as the server's magnitude scales (viz/style.py MAGNITUDE): dark purple at the low end, yellow at the high
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b",
  "#fde725"].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
const MISSING = "#bdbdbd";  // a value that was not a finite number (sent as null), grey as the server's masked cells

function fraction(v, lo, hi) {
  return Math.max(0, Math.min(1, (v - lo) / ((hi - lo) || 1)));
}

function viridis(v, lo, hi) {
  const x = fraction(v, lo, hi) * (VIRIDIS.length - 1), i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const c = VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * (x - i)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function colour(v, lo, hi) {
  // RdBu reversed, as the server's heatmaps (viz/style.py DIVERGING): negative blue, 0 white, positive red
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const x = Math.max(-1, Math.min(1, v / m));
  const blue = [33, 102, 172], white = [247, 247, 247], red = [178, 24, 43];
  const [a, b, f] = x < 0 ? [white, blue, -x] : [white, red, x];
  const c = a.map((ai, i) => Math.round(ai + (b[i] - ai) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function build(parent, data, setTriggerValue) {
  // a child of our own: the parent also holds the component's <style> (isolate_styles), which must stay
  let root = parent.querySelector(".vp-root");
  if (!root) { root = el("div", "vp-root"); parent.appendChild(root); }
  root.replaceChildren();
  const L = data.labels, T = data.T;
  const box = el("div", "vp-player");
  const bar = el("div", "vp-controls");
  const play = el("button", "vp-play", L.play);
  play.type = "button";
  play.setAttribute("aria-label", L.play_aria);
  const range = el("input", "vp-range");
  Object.assign(range, { type: "range", min: 1, max: T, step: 1, value: data.start });
  range.setAttribute("aria-label", L.range_aria);
  const where = el("span", "vp-where");
  bar.append(play, range, where);
  const line = el("div", "vp-caption");
  line.setAttribute("aria-live", "polite");
  const tape = el("div", "vp-tape");
  const cells = data.tape.map((ch) => tape.appendChild(el("span", "vp-char", ch)));
  const scrolls = T > 40;  // a long tape is one line that scrolls to the step shown, not a block of lines
  if (scrolls) tape.classList.add("vp-scroll");
  const gridTitle = el("div", "vp-title", data.grid.title);
  const grid = el("div", "vp-grid");
  const G = data.grid, cols = G.values[0].length;  // columns 0..T: the state before step 1, then after each step
  const many = cols > 40;  // a long walk (T up to 200): the columns shrink to fit the width, every n-th is named
  grid.style.gridTemplateColumns = `auto repeat(${cols}, minmax(${many ? 0 : 14}px, 56px))`;
  const numbers = G.values.length <= 8 && cols <= 17;  // as the server's heatmap: numbers in the cells when they fit
  const columns = Array.from({ length: cols }, () => []);
  const magnitude = G.scale === "magnitude";
  G.values.forEach((row, r) => {
    grid.appendChild(el("span", "vp-row", G.rows[r]));
    row.forEach((v, c) => {
      const cell = el("span", "vp-cell");
      const missing = v === null;
      cell.style.background = missing ? MISSING : (magnitude ? viridis : colour)(v, G.range[0], G.range[1]);
      cell.title = `${G.rows[r]}, ${G.columns[c]}: ${missing ? "–" : v.toFixed(3)}`;
      if (numbers) {
        cell.textContent = missing ? "–" : v.toFixed(2);
        // white on the dark ends: both ends of the signed scale, the lower half of viridis
        if (!missing && (magnitude ? fraction(v, G.range[0], G.range[1]) < 0.5 : Math.abs(v) > 0.6)) {
          cell.classList.add("vp-dark");
        }
      }
      grid.appendChild(cell);
      columns[c].push(cell);
    });
  });
  grid.appendChild(el("span", "vp-row", ""));
  const names = G.columns.map((name) => grid.appendChild(el("span", "vp-colname", name)));
  const barsTitle = el("div", "vp-title", "");
  const bars = el("div", "vp-bars");
  const B = data.bars;
  const rows = B.labels.map((name) => {
    const row = el("div", "vp-bar");
    const label = el("span", "vp-bar-label", name);
    const track = el("span", "vp-bar-track");
    const fill = el("span", "vp-bar-fill");
    const value = el("span", "vp-bar-value");
    track.appendChild(fill);
    if (B.rule !== null) {  // a value marked on every bar (1: a factor above it stretches, below it shrinks)
      const rule = el("span", "vp-bar-rule");
      rule.style.left = `${(100 * fraction(B.rule, B.range[0], B.range[1])).toFixed(1)}%`;
      track.appendChild(rule);
    }
    row.append(label, track, value);
    bars.appendChild(row);
    return { row, fill, value };
  });
  box.append(bar, line, tape, gridTitle, grid, barsTitle, bars);
  root.appendChild(box);
  if (!many && names.some((span) => span.scrollWidth > span.clientWidth + 1)) {
    // a name wider than its column (a word, "5·사과와", on a phone) ran into the next: the columns widen to the
    // widest name and the grid scrolls sideways instead
    const widest = Math.max(...names.map((span) => span.scrollWidth));
    grid.style.gridTemplateColumns = `auto repeat(${cols}, minmax(${widest + 4}px, 56px))`;
  }
  if (many) {  // measured now that it is laid out: name every n-th column, n so that the longest name fits
    grid.classList.add("vp-many");
    const track = (grid.clientWidth - grid.firstChild.offsetWidth) / cols;
    const longest = Math.max(...G.columns.map((name) => name.length));
    const every = Math.max(1, Math.ceil((7 * longest + 6) / Math.max(track, 1)));
    names.forEach((span, c) => {
      span.title = G.columns[c];
      if (c % every) span.textContent = "";
    });
  }

  const state = { t: data.start, timer: null, shown: -1, data };
  function draw(t) {
    if (t === state.shown) return;
    const before = performance.now();
    state.t = t;
    range.value = t;
    where.textContent = L.where.replace("{t}", t).replace("{T}", T);
    range.setAttribute("aria-valuetext", data.captions[t - 1]);
    line.textContent = data.captions[t - 1];
    cells.forEach((c, i) => c.classList.toggle("vp-now", i === t - 1));
    if (scrolls) tape.scrollLeft = cells[t - 1].offsetLeft - (tape.clientWidth - cells[t - 1].offsetWidth) / 2;
    const now = G.at[t - 1], behind = G.from[t - 1];  // step t's column, and the one the step before it showed
    columns.forEach((col, c) => col.forEach((cell) => {
      cell.classList.toggle("vp-now", c === now);
      cell.classList.toggle("vp-before", c === behind);
    }));
    barsTitle.textContent = B.titles[t - 1];
    B.values[t - 1].forEach((p, i) => {
      const width = p === null ? 0 : 100 * fraction(p, B.range[0], B.range[1]);
      rows[i].fill.style.width = `${width.toFixed(1)}%`;
      rows[i].value.textContent = p === null ? "–" : p.toFixed(3);
      rows[i].row.classList.toggle("vp-marked", i === B.marked[t - 1]);
    });
    state.shown = t;
    box.dataset.t = String(t);
    box.dataset.drawMs = (performance.now() - before).toFixed(2);
  }
  function stop(tell) {
    if (state.timer !== null) clearInterval(state.timer);
    state.timer = null;
    play.textContent = L.play;
    play.setAttribute("aria-label", L.play_aria);
    box.dataset.playing = "0";
    if (tell) setTriggerValue("stopped", state.t);
  }
  function start() {
    if (state.t >= T) draw(1);
    play.textContent = L.pause;
    play.setAttribute("aria-label", L.pause_aria);
    box.dataset.playing = "1";
    state.timer = setInterval(() => {
      if (state.t >= T) { stop(true); return; }
      draw(state.t + 1);
    }, data.frame_ms);
  }
  play.addEventListener("click", () => (state.timer === null ? start() : stop(true)));
  range.addEventListener("input", () => { if (state.timer !== null) stop(false); draw(Number(range.value)); });
  range.addEventListener("change", () => setTriggerValue("stopped", state.t));
  box.addEventListener("keydown", (e) => {
    if (e.target === range) return;  // the range's own arrows
    if (e.key === " " && e.target !== play) { e.preventDefault(); play.click(); }
  });
  state.draw = draw;
  draw(data.start);
  return state;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let player = players.get(parentElement);
  if (!player || player.data.id !== data.id) {
    player = build(parentElement, data, setTriggerValue);
    players.set(parentElement, player);
  } else if (player.data.start !== data.start && player.timer === null) {
    player.draw(data.start);  // the server's slider moved: show its step
  }
  player.data = data;
}
