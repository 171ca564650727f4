// Tamper's page: upload an image, show the detector's overlay and the forensic maps. No libraries, no CDN.
"use strict";

const $ = (id) => document.getElementById(id);
const TABS = {
  detection: { title: "Detection", analyzer: null },
  ela: { title: "Error level analysis", analyzer: "ela" },
  noise: { title: "Noise inconsistency", analyzer: "noise" },
  ghost: { title: "JPEG ghosts", analyzer: "ghost" },
  jpeg: { title: "JPEG blocking grid / double compression", analyzer: "jpeg" },
  copymove: { title: "Copy-move (matched regions)", analyzer: "copymove" },
};
let report = null;
let tab = "detection";

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function upload(file) {
  if (!file) return;
  const form = new FormData();
  form.append("image", file);
  setStatus(`Analyzing ${file.name} …`);
  $("result").hidden = true;
  let response;
  try {
    response = await fetch("/api/detect", { method: "POST", body: form });
  } catch (error) {
    setStatus(`The server could not be reached: ${error}`, true);
    return;
  }
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    const retry = response.headers.get("Retry-After");
    setStatus(`${body.error || "failed"}${retry ? ` (retry in ${retry} s)` : ""}`, true);
    return;
  }
  report = body;
  setStatus("");
  show();
}

function percent(value) { return `${(100 * value).toFixed(value < 0.01 ? 2 : 1)} %`; }

function show() {
  const r = report;
  $("result").hidden = false;
  $("verdict").className = "verdict" + (r.verdict.edited ? " edited" : "");
  $("verdict-label").textContent = r.verdict.label;
  $("verdict-text").textContent = r.verdict.text;
  $("verdict-figures").textContent =
    `image score ${r.score.toFixed(2)} · marked ${percent(r.tampered_share)} · method ${r.method}${r.model ? ` (${r.model})` : ""} · pixel threshold ${r.threshold}`;
  $("photo").src = r.urls["image"];
  $("size-note").textContent = r.width === r.preview_width
    ? `${r.file_name || "image"}: ${r.width} × ${r.height} px, ${r.format}`
    : `${r.file_name || "image"}: computed at full size, ${r.width} × ${r.height} px (${r.format}); shown at ${r.preview_width} × ${r.preview_height}`;
  $("download-mask").href = r.urls["mask"];
  $("download-heatmap").href = r.urls["heatmap"];
  $("download-report").href = r.urls["report"];
  $("pairs").setAttribute("viewBox", `0 0 ${r.preview_width} ${r.preview_height}`);
  const timings = Object.entries(r.seconds).map(([step, s]) => `<li>${escape(step)}: ${s.toFixed(2)} s</li>`);
  $("timings").innerHTML = timings.join("");
  const fileFindings = r.analysers.filter((a) => a.name === "jpeg" || a.name === "metadata")
    .flatMap((a) => a.findings.map((f) => `<li><b>${escape(a.name)}</b>: ${escape(f.text)}</li>`));
  $("file-findings").innerHTML = fileFindings.join("") || "<li>none</li>";
  selectTab(tab);
}

function analyzer(name) { return report.analysers.find((a) => a.name === name); }

function selectTab(name) {
  tab = name;
  document.querySelectorAll(".tabs button").forEach((button) =>
    button.setAttribute("aria-selected", String(button.dataset.tab === name)));
  const spec = TABS[name];
  $("tab-title").textContent = spec.title;
  $("layer-switch").hidden = spec.analyzer !== null;
  drawPairs([]);
  if (spec.analyzer === null) {
    const layer = document.querySelector("input[name=layer]:checked").value;
    $("overlay").src = report.urls[layer === "mask" ? "mask-layer" : "heat-layer"];
    $("tab-description").textContent = "Where the detector sees signs of editing. Heat map: color = how strongly; mask: what it marks.";
    $("tab-findings").innerHTML = `<li>${escape(report.verdict.text)}</li>`;
    return;
  }
  const view = analyzer(spec.analyzer);
  if (!view) {
    $("overlay").removeAttribute("src");
    $("tab-description").textContent = "This analyzer did not run.";
    $("tab-findings").innerHTML = "";
    return;
  }
  if (view.map) $("overlay").src = report.urls[view.map.replace(/\.png$/, "")];
  else $("overlay").removeAttribute("src");
  $("tab-description").textContent = view.description;
  $("tab-findings").innerHTML = view.findings.map((f) => `<li>${escape(f.text)}</li>`).join("");
  if (spec.analyzer === "copymove") drawPairs(view.pairs);
}

// source (blue) and copy (red) boxes with an arrow, in preview coordinates: the SVG scales with the image
function drawPairs(pairs) {
  const svg = $("pairs");
  if (!report) return;
  const s = report.preview_width / report.width;
  const box = (x, y, w, h, kind) => `<rect class="${kind}" x="${x * s}" y="${y * s}" width="${w * s}" height="${h * s}"/>`;
  svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#fff"/></marker></defs>` +
    pairs.map((p) => box(p.source_x, p.source_y, p.source_width, p.source_height, "source") +
      box(p.target_x, p.target_y, p.target_width, p.target_height, "target") +
      `<line x1="${(p.source_x + p.source_width / 2) * s}" y1="${(p.source_y + p.source_height / 2) * s}" x2="${(p.target_x + p.target_width / 2) * s}" y2="${(p.target_y + p.target_height / 2) * s}"/>`).join("");
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function setOpacity() { $("overlay").style.opacity = String($("opacity").value / 100); }

function setZoom() {
  const zoom = Number($("zoom").value);
  $("stack").style.width = `${zoom}%`; // image, overlay and pairs share one box: they stay aligned at any zoom
  $("zoom-value").textContent = `${zoom}%`;
}

$("file").addEventListener("change", (event) => upload(event.target.files[0]));
const drop = $("drop");
["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("over"); }));
["dragleave", "drop"].forEach((type) => drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.remove("over"); }));
drop.addEventListener("drop", (event) => upload(event.dataTransfer.files[0]));
$("opacity").addEventListener("input", setOpacity);
$("zoom").addEventListener("input", setZoom);
document.querySelectorAll("input[name=layer]").forEach((radio) => radio.addEventListener("change", () => selectTab("detection")));
document.querySelectorAll(".tabs button").forEach((button) => button.addEventListener("click", () => report && selectTab(button.dataset.tab)));
setOpacity();
setZoom();
