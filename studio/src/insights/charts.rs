//! The dashboard's charts as SVG markup: a title, labelled axes, every value reachable by
//! the keyboard (each bar and point is a focusable button named by its label and value;
//! Enter, Space or a click lists the responses behind it, through one delegated handler on
//! the dashboard: see `data-drill`), and a data table for screen readers beside each.
//! Written as text rather than as Yew nodes: a read-only picture of the data costs far
//! less code that way, which keeps Studio's first load within its budget.

use std::fmt::Write as _;

use super::format::number;

/// Escapes text for HTML and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A coordinate with one decimal (through JavaScript's formatting, which the wasm has anyway).
fn c(x: f64) -> String {
    js_sys::Number::from((x * 10.0).round() / 10.0)
        .to_string_with_radix(10)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// One bar or point: its label, value, the text read for it, and the drill-down it opens
/// (a title and the query's extra parameters).
pub struct Datum {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub drill: Option<(String, String)>,
}

fn drill_attrs(d: &Datum) -> String {
    d.drill.as_ref().map_or_else(String::new, |(title, extra)| {
        format!(r#" tabindex="0" role="button" data-drill="{}" data-title="{}""#, esc(extra), esc(title))
    })
}

/// The data table beside a chart (collapsed; screen readers and keyboard users open it).
fn table<'a>(out: &mut String, title: &str, data: impl Iterator<Item = &'a Datum>) {
    let _ = write!(
        out,
        r#"<details class="data-table"><summary>{t}: table</summary><table class="list"><caption class="visually-hidden">{t}</caption><thead><tr><th scope="col">Label</th><th scope="col">Value</th></tr></thead><tbody>"#,
        t = esc(title)
    );
    for d in data {
        let _ = write!(out, r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#, esc(&d.label), esc(&d.text));
    }
    out.push_str("</tbody></table></details>");
}

/// Horizontal bars, one per datum, labelled on the left and valued on the right.
pub fn bars(out: &mut String, title: &str, data: &[Datum]) {
    let (row, left, width) = (28.0, 150.0, 420.0);
    let max = data.iter().map(|d| d.value).fold(0.0, f64::max).max(1e-9);
    let height = row * data.len() as f64 + 8.0;
    let _ = write!(
        out,
        r#"<figure class="chart"><figcaption>{t}</figcaption><svg viewBox="0 0 {w} {h}" role="group" aria-label="{t}" class="bars">"#,
        t = esc(title),
        w = c(left + width + 90.0),
        h = c(height)
    );
    for (i, d) in data.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = (d.value / max * width).max(1.0);
        // The name is the visible texts in reading order (WCAG 2.5.3, label in name).
        let name = esc(&format!("{} {}", d.label, d.text));
        let _ = write!(
            out,
            r#"<g class="bar" aria-label="{name}"{a}><rect x="{left}" y="{ry}" width="{w}" height="{rh}"></rect><text y="{ty}"><tspan x="{lx}" text-anchor="end">{label}</tspan><tspan x="{vx}"> {text}</tspan></text></g>"#,
            a = drill_attrs(d),
            lx = c(left - 8.0),
            ty = c(y + 18.0),
            label = esc(&d.label),
            left = c(left),
            ry = c(y + 4.0),
            w = c(w),
            rh = c(row - 8.0),
            vx = c(left + w + 6.0),
            text = esc(&d.text),
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{l}" x2="{l}" y1="0" y2="{h}"></line></svg>"#,
        l = c(left),
        h = c(height)
    );
    table(out, title, data.iter());
    out.push_str("</figure>");
}

/// A line over the buckets (`None` values left out) with a focusable point each, the value
/// axis labelled at its bounds and the goal, if any, as a dashed line.
pub fn trend(out: &mut String, title: &str, points: &[(Datum, bool)], goal: Option<(f64, String)>) {
    let (left, top, width, height) = (56.0, 10.0, 420.0, 140.0);
    let shown: Vec<f64> = points.iter().filter(|p| p.1).map(|p| p.0.value).collect();
    let mut lo = shown.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if let Some((g, _)) = &goal {
        lo = lo.min(*g);
        hi = hi.max(*g);
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-9 {
        hi = lo + 1.0;
    }
    let n = points.len().max(2) as f64;
    let x = |i: usize| left + width * i as f64 / (n - 1.0);
    let y = |v: f64| top + height * (1.0 - (v - lo) / (hi - lo));
    let bottom = top + height;
    let _ = write!(
        out,
        r#"<figure class="chart"><figcaption>{t}</figcaption><svg viewBox="0 0 {w} {h}" role="group" aria-label="{t}" class="trend"><line class="axis" x1="{l}" x2="{l}" y1="{top}" y2="{b}"></line><line class="axis" x1="{l}" x2="{r}" y1="{b}" y2="{b}"></line><text x="{lt}" y="{hy}" text-anchor="end">{hi}</text><text x="{lt}" y="{b}" text-anchor="end">{lo}</text><text x="{l}" y="{dy}">{first}</text><text x="{r}" y="{dy}" text-anchor="end">{last}</text>"#,
        t = esc(title),
        w = c(left + width + 20.0),
        h = c(bottom + 34.0),
        l = c(left),
        r = c(left + width),
        top = c(top),
        b = c(bottom),
        lt = c(left - 6.0),
        hy = c(top + 10.0),
        hi = esc(&number(hi, 2)),
        lo = esc(&number(lo, 2)),
        dy = c(bottom + 22.0),
        first = esc(&points.first().map(|p| p.0.label.clone()).unwrap_or_default()),
        last = esc(&points.last().map(|p| p.0.label.clone()).unwrap_or_default()),
    );
    if let Some((g, label)) = &goal {
        let _ = write!(
            out,
            r#"<line class="goal" x1="{l}" x2="{r}" y1="{gy}" y2="{gy}"></line><text class="goal-label" x="{r}" y="{ty}" text-anchor="end">{label}</text>"#,
            l = c(left),
            r = c(left + width),
            gy = c(y(*g)),
            ty = c(y(*g) - 4.0),
            label = esc(label)
        );
    }
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.1)
        .map(|(i, p)| format!("{},{}", c(x(i)), c(y(p.0.value))))
        .collect();
    let _ = write!(out, r#"<polyline class="line" points="{}"></polyline>"#, path.join(" "));
    for (i, (d, _)) in points.iter().enumerate().filter(|(_, p)| p.1) {
        let name = esc(&format!("{}: {}", d.label, d.text));
        let _ = write!(
            out,
            r#"<circle class="point" cx="{x}" cy="{y}" r="5" aria-label="{name}"{a}><title>{name}</title></circle>"#,
            x = c(x(i)),
            y = c(y(d.value)),
            a = drill_attrs(d)
        );
    }
    out.push_str("</svg>");
    table(out, title, points.iter().filter(|p| p.1).map(|p| &p.0));
    out.push_str("</figure>");
}
