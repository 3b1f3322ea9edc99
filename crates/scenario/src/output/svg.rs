//! Hand-written SVG charts for the self-contained reports: axes with "nice" ticks whose labels
//! never overlap, line charts with a legend, a heat map with a colour bar and a scatter with
//! labelled points. No scripts, no fonts to fetch, nothing from the network.
//!
//! Layout: the plotting area is `PLOT_W` x `PLOT_H` px at (`LEFT`, `TOP`); what is drawn in it is
//! clipped to it (a nested `<svg>` element), legends and colour bars sit to its right and the
//! chart is as wide as they need.

use std::fmt::Write;

/// Left margin (tick labels and the y-axis label), px.
const LEFT: f64 = 72.0;
/// Top margin (title), px.
const TOP: f64 = 34.0;
/// Bottom margin (tick labels and the x-axis label), px.
const BOTTOM: f64 = 52.0;
/// Width of the plotting area, px.
const PLOT_W: f64 = 520.0;
/// Height of the plotting area, px.
const PLOT_H: f64 = 290.0;
/// Font size of tick labels and legends, px.
const SMALL: f64 = 11.0;
/// Width of one character at `SMALL` px, px (an upper estimate for sans-serif digits and
/// lower-case letters, used to keep labels apart).
const CHAR_W: f64 = 6.6;
/// Smallest gap between two tick labels, px.
const GAP: f64 = 8.0;

/// Colours of successive series: the colour-blind-safe palette of Wong (2011, Nature Methods
/// 8:441) with its yellow, too pale for a thin line on white, replaced by grey.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F7F7F",
];

/// Dash pattern of series `k`: the first four solid, the next four dashed, then dotted, so that
/// no two of the first sixteen series share both colour and pattern.
fn dash(k: usize) -> &'static str {
    match (k / 4) % 4 {
        0 | 2 => "",
        1 => "7 3",
        _ => "2 2",
    }
}

/// Escapes text for SVG and HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Step of round ticks (1, 2 or 5 times a power of ten) giving the number of intervals closest
/// (by ratio) to `target`.
fn nice_step(lo: f64, hi: f64, target: usize) -> f64 {
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| {
            let da = (a / raw).ln().abs();
            let db = (b / raw).ln().abs();
            da.total_cmp(&db)
        })
        .unwrap_or(mag)
}

/// Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let step = nice_step(lo, hi, target);
    // A tick within a millionth of a step of an end counts as inside.
    let eps = 1e-6;
    let first = (lo / step - eps).ceil() as i64;
    let last = (hi / step + eps).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Labels of ticks `ticks` spaced `step` apart, all with the same number of decimals (enough to
/// tell neighbours apart), a true minus sign, and powers of ten for very large or small values.
fn tick_labels(ticks: &[f64], step: f64) -> Vec<String> {
    let big = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    if big >= 1e6 || (big < 1e-3 && big > 0.0) {
        // Enough significant digits to tell ticks `step` apart.
        let n = (big.log10().floor() - step.log10().floor()).max(1.0) as usize;
        return ticks.iter().map(|t| signed(format!("{t:.n$e}"))).collect();
    }
    let decimals = if step > 0.0 && step.is_finite() {
        (-(step.log10() + 1e-9).floor()).max(0.0) as usize
    } else {
        0
    };
    ticks
        .iter()
        .map(|t| {
            let s = format!("{t:.decimals$}");
            if s.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                // Never "-0" or "-0.0".
                s.trim_start_matches('-').to_string()
            } else {
                signed(s)
            }
        })
        .collect()
}

/// Replaces a leading hyphen by the minus sign.
fn signed(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// Estimated width of `text` at `SMALL` px.
fn text_w(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_W
}

/// Ticks and their labels for an axis of `len_px` pixels spanning [lo, hi]: the most ticks (at
/// most `target` intervals) whose labels keep apart. On a horizontal axis labels are centred
/// on their ticks and need their width plus `GAP`; on a vertical axis they need a line height.
fn axis_ticks(lo: f64, hi: f64, len_px: f64, horizontal: bool) -> Vec<(f64, String)> {
    let target = if horizontal { 8 } else { 7 };
    for t in (1..=target).rev() {
        let ticks = nice_ticks(lo, hi, t);
        if ticks.len() < 2 {
            continue;
        }
        let step = ticks[1] - ticks[0];
        let labels = tick_labels(&ticks, step);
        let spacing = step / (hi - lo) * len_px;
        let need = if horizontal {
            labels.iter().map(|l| text_w(l)).fold(0.0, f64::max) + GAP
        } else {
            SMALL + 4.0
        };
        if spacing >= need || t == 1 {
            return ticks.into_iter().zip(labels).collect();
        }
    }
    // A range so narrow that no round step fits: its two ends.
    let labels = tick_labels(&[lo, hi], hi - lo);
    vec![(lo, labels[0].clone()), (hi, labels[1].clone())]
}

/// A range that is never empty.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) || lo > hi {
        (0.0, 1.0)
    } else if hi - lo <= 1e-12 * lo.abs().max(hi.abs()).max(1e-30) {
        let d = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
        (lo - d, hi + d)
    } else {
        (lo, hi)
    }
}

/// [lo, hi] widened by `frac` of its length on each side.
fn margin((lo, hi): (f64, f64), frac: f64) -> (f64, f64) {
    let d = frac * (hi - lo);
    (lo - d, hi + d)
}

/// Maps data to the plotting area.
struct Frame {
    x: (f64, f64),
    y: (f64, f64),
    /// True when y grows downward (depth).
    y_down: bool,
}

impl Frame {
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x.0) / (self.x.1 - self.x.0) * PLOT_W
    }
    fn py(&self, y: f64) -> f64 {
        let f = (y - self.y.0) / (self.y.1 - self.y.0);
        let f = if self.y_down { f } else { 1.0 - f };
        TOP + f * PLOT_H
    }

    /// Title, frame, ticks with labels, axis labels; with `grid` light lines at the y ticks and
    /// a darker one at y = 0 when the range spans it.
    fn axes(&self, svg: &mut String, title: &str, x_label: &str, y_label: &str, grid: bool) {
        let (x0, x1) = (LEFT, LEFT + PLOT_W);
        let (y0, y1) = (TOP, TOP + PLOT_H);
        let _ = write!(
            svg,
            r##"<text x="{LEFT}" y="20" font-size="15" font-weight="bold">{}</text>"##,
            escape(title)
        );
        for (t, label) in axis_ticks(self.x.0, self.x.1, PLOT_W, true) {
            let x = self.px(t);
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{:.1}" stroke="#444"/><text x="{x:.1}" y="{:.1}" font-size="{SMALL}" text-anchor="middle">{label}</text>"##,
                y1 + 5.0,
                y1 + 18.0,
            );
        }
        for (t, label) in axis_ticks(self.y.0, self.y.1, PLOT_H, false) {
            let y = self.py(t);
            if grid {
                let _ = write!(
                    svg,
                    r##"<line x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}" stroke="{}"/>"##,
                    if t == 0.0 { "#999" } else { "#e4e4e4" }
                );
            }
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{x0}" y2="{y:.1}" stroke="#444"/><text x="{:.1}" y="{:.1}" font-size="{SMALL}" text-anchor="end">{label}</text>"##,
                x0 - 5.0,
                x0 - 8.0,
                y + 4.0,
            );
        }
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text>"##,
            (x0 + x1) / 2.0,
            y1 + 40.0,
            escape(x_label)
        );
        let _ = write!(
            svg,
            r##"<text x="16" y="{:.1}" font-size="12" text-anchor="middle" transform="rotate(-90 16 {:.1})">{}</text>"##,
            (y0 + y1) / 2.0,
            (y0 + y1) / 2.0,
            escape(y_label)
        );
    }

    /// Closes the clipped plotting area opened by [`open_plot`] and draws the frame over it.
    fn close_plot(svg: &mut String) {
        svg.push_str("</svg>");
        let _ = write!(
            svg,
            r##"<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="none" stroke="#444"/>"##
        );
    }
}

/// Opens the chart, `right` px wide to the right of the plotting area.
fn open_svg(right: f64) -> String {
    let w = (LEFT + PLOT_W + right).ceil();
    let h = TOP + PLOT_H + BOTTOM;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"##
    )
}

/// Opens the plotting area: a nested `<svg>` with the outer coordinates that clips what is drawn
/// in it to the frame.
fn open_plot(svg: &mut String) {
    let _ = write!(
        svg,
        r##"<svg x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" viewBox="{LEFT} {TOP} {PLOT_W} {PLOT_H}" overflow="hidden">"##
    );
}

/// One line of a line chart.
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Points (x, y); non-finite points are skipped.
    pub points: Vec<(f64, f64)>,
}

/// Axis ranges of a line chart.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChartOptions {
    /// The y axis grows downward (depth).
    pub y_down: bool,
    /// Fixed x range; otherwise the data's (with a margin when x is the value axis, `y_down`).
    pub x_range: Option<(f64, f64)>,
    /// Fixed y range; otherwise the data's (with a margin unless y is depth).
    pub y_range: Option<(f64, f64)>,
}

/// A line chart; with `y_down` the y axis grows downward (for depth).
pub fn line_chart(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    y_down: bool,
) -> String {
    line_chart_with(
        title,
        x_label,
        y_label,
        series,
        &ChartOptions {
            y_down,
            ..ChartOptions::default()
        },
    )
}

/// A line chart with the axis ranges of `opt`. The value axis gets 4 % of margin on each side so
/// no line hides under the frame; the legend is to the right of the plot.
pub fn line_chart_with(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    opt: &ChartOptions,
) -> String {
    let all = series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|p| p.0.is_finite() && p.1.is_finite());
    let (mut xl, mut xh, mut yl, mut yh) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all {
        xl = xl.min(x);
        xh = xh.max(x);
        yl = yl.min(y);
        yh = yh.max(y);
    }
    let x = opt.x_range.map_or_else(
        || {
            let r = padded(xl, xh);
            if opt.y_down {
                margin(r, 0.04)
            } else {
                r
            }
        },
        |(a, b)| padded(a, b),
    );
    let y = opt.y_range.map_or_else(
        || {
            let r = padded(yl, yh);
            if opt.y_down {
                r
            } else {
                margin(r, 0.04)
            }
        },
        |(a, b)| padded(a, b),
    );
    let frame = Frame {
        x,
        y,
        y_down: opt.y_down,
    };
    let legend_w = series.iter().map(|s| text_w(&s.name)).fold(0.0, f64::max);
    let mut svg = open_svg(if series.is_empty() {
        20.0
    } else {
        44.0 + legend_w
    });
    frame.axes(&mut svg, title, x_label, y_label, true);
    open_plot(&mut svg);
    for (k, s) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let mut d = String::new();
        let mut pen_up = true;
        for &(x, y) in &s.points {
            if !(x.is_finite() && y.is_finite()) {
                pen_up = true;
                continue;
            }
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if pen_up { "M" } else { "L" },
                frame.px(x),
                frame.py(y)
            );
            pen_up = false;
        }
        let _ = write!(
            svg,
            r##"<path d="{}" fill="none" stroke="{colour}" stroke-width="1.7" stroke-dasharray="{}"/>"##,
            d.trim_end(),
            dash(k)
        );
    }
    Frame::close_plot(&mut svg);
    for (k, s) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let ly = TOP + 10.0 + 18.0 * k as f64;
        let lx = LEFT + PLOT_W + 12.0;
        let _ = write!(
            svg,
            r##"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2.2" stroke-dasharray="{}"/><text x="{}" y="{}" font-size="{SMALL}">{}</text>"##,
            lx + 24.0,
            dash(k),
            lx + 28.0,
            ly + 4.0,
            escape(&s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Colour of `f` in [0, 1]: pale yellow through orange and red to dark purple (anchors chosen
/// for this report, lightness falling monotonically so it also reads in grey).
pub fn colour(f: f64) -> String {
    const ANCHORS: [(f64, [f64; 3]); 5] = [
        (0.0, [255.0, 255.0, 204.0]),
        (0.25, [254.0, 204.0, 92.0]),
        (0.5, [253.0, 141.0, 60.0]),
        (0.75, [215.0, 48.0, 39.0]),
        (1.0, [84.0, 0.0, 90.0]),
    ];
    let f = if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let k = ANCHORS
        .iter()
        .position(|a| a.0 >= f)
        .unwrap_or(ANCHORS.len() - 1)
        .max(1);
    let (f0, c0) = ANCHORS[k - 1];
    let (f1, c1) = ANCHORS[k];
    let w = (f - f0) / (f1 - f0);
    let c: Vec<u8> = (0..3)
        .map(|i| (c0[i] + w * (c1[i] - c0[i])).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// How values map to colours: logarithmic between the smallest and largest value when they are
/// positive and differ by a factor of 5 or more (salinity spans classes that grow geometrically,
/// 2-4-8-16 dS/m), otherwise linear from 0, or from the smallest value when that is above a
/// fifth of the largest (so a profile between 9 and 24 dS/m does not use a third of the scale
/// on values that do not occur).
#[derive(Clone, Copy, Debug, PartialEq)]
struct ColourScale {
    lo: f64,
    hi: f64,
    log: bool,
}

impl ColourScale {
    fn of(values: &[Vec<f64>]) -> ColourScale {
        let (mut lo, mut hi) = (f64::MAX, 0.0f64);
        for &v in values.iter().flatten().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi <= 0.0 {
            return ColourScale {
                lo: 0.0,
                hi: 1.0,
                log: false,
            };
        }
        if lo > 0.0 && hi / lo >= 5.0 {
            ColourScale { lo, hi, log: true }
        } else {
            let (lo, hi) = padded(if lo > 0.2 * hi { lo } else { 0.0 }, hi);
            ColourScale { lo, hi, log: false }
        }
    }

    /// Position of `v` on the scale, 0 to 1.
    fn frac(&self, v: f64) -> f64 {
        if self.log {
            (v.max(self.lo) / self.lo).ln() / (self.hi / self.lo).ln()
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
    }

    /// Labelled values on the colour bar.
    fn ticks(&self) -> Vec<(f64, String)> {
        if !self.log {
            let t = nice_ticks(self.lo, self.hi, 5);
            let step = if t.len() > 1 { t[1] - t[0] } else { self.hi };
            let labels = tick_labels(&t, step);
            return t.into_iter().zip(labels).collect();
        }
        let mut out = Vec::new();
        let first = self.lo.log10().floor() as i32;
        let last = self.hi.log10().ceil() as i32;
        for e in first..=last {
            for m in [1.0, 2.0, 5.0] {
                let v = m * 10f64.powi(e);
                if v >= self.lo * (1.0 - 1e-9) && v <= self.hi * (1.0 + 1e-9) {
                    let decimals = (-e).max(0) as usize;
                    out.push((v, format!("{v:.decimals$}")));
                }
            }
        }
        out
    }
}

/// `v` with three significant digits (no exponent between 0.001 and 10^6).
fn significant(v: f64) -> String {
    let a = v.abs();
    let s = if a == 0.0 {
        "0".to_string()
    } else if !(1e-3..1e6).contains(&a) {
        format!("{v:.2e}")
    } else {
        let decimals = (2.0 - a.log10().floor()).max(0.0) as usize;
        format!("{v:.decimals$}")
    };
    signed(s)
}

/// Heat map of `values[k][i]` at times `xs[k]` and depths `ys[i]` (depth grows downward), with a
/// colour bar labelled `unit`. Each cell spans half-way to its neighbours.
pub fn heat_map(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<f64>],
    unit: &str,
) -> String {
    heat_map_marked(title, x_label, y_label, xs, ys, values, unit, &[])
}

/// [`heat_map`] with dashed lines across the map at depths `marks` (depth, label), e.g. the
/// bottom of the root zone.
#[allow(clippy::too_many_arguments)]
pub fn heat_map_marked(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<f64>],
    unit: &str,
    marks: &[(f64, String)],
) -> String {
    let mut svg = open_svg(40.0 + text_w(unit).max(60.0));
    let frame = Frame {
        x: padded(
            xs.first().copied().unwrap_or(0.0),
            xs.last().copied().unwrap_or(1.0),
        ),
        y: padded(
            ys.first().copied().unwrap_or(0.0),
            ys.last().copied().unwrap_or(1.0),
        ),
        y_down: true,
    };
    let scale = ColourScale::of(values);
    open_plot(&mut svg);
    svg.push_str(r##"<g shape-rendering="crispEdges">"##);
    let edges = |v: &[f64], k: usize| -> (f64, f64) {
        let lo = if k == 0 {
            v[0]
        } else {
            0.5 * (v[k - 1] + v[k])
        };
        let hi = if k + 1 == v.len() {
            v[k]
        } else {
            0.5 * (v[k] + v[k + 1])
        };
        (lo, hi)
    };
    for (k, column) in values.iter().enumerate().take(xs.len()) {
        let (xa, xb) = edges(xs, k);
        let (pxa, pxb) = (frame.px(xa), frame.px(xb));
        for (i, v) in column.iter().enumerate().take(ys.len()) {
            let (ya, yb) = edges(ys, i);
            let (pya, pyb) = (frame.py(ya), frame.py(yb));
            // Cells overlap their neighbours by half a pixel so no seam shows between them.
            let _ = write!(
                svg,
                r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"##,
                pxa,
                pya,
                (pxb - pxa).max(0.0) + 0.6,
                (pyb - pya).max(0.0) + 0.6,
                colour(scale.frac(*v))
            );
        }
    }
    svg.push_str("</g>");
    for (depth, label) in marks.iter().filter(|m| m.0.is_finite()) {
        let y = frame.py(*depth);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#222" stroke-width="1.2" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" font-size="{SMALL}" text-anchor="end" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
            LEFT + PLOT_W,
            LEFT + PLOT_W - 6.0,
            if y - TOP > SMALL + 4.0 {
                y - 4.0
            } else {
                y + SMALL + 2.0
            },
            escape(label)
        );
    }
    Frame::close_plot(&mut svg);
    frame.axes(&mut svg, title, x_label, y_label, false);
    // Colour bar.
    let bx = LEFT + PLOT_W + 16.0;
    let (by0, by1) = (TOP, TOP + PLOT_H);
    let steps = 50;
    svg.push_str(r##"<g shape-rendering="crispEdges">"##);
    for s in 0..steps {
        let f0 = s as f64 / steps as f64;
        let y = by1 - (s + 1) as f64 * (by1 - by0) / steps as f64;
        let _ = write!(
            svg,
            r##"<rect x="{bx}" y="{y:.2}" width="16" height="{:.2}" fill="{}"/>"##,
            (by1 - by0) / steps as f64 + 0.6,
            colour(f0 + 0.5 / steps as f64)
        );
    }
    svg.push_str("</g>");
    let _ = write!(
        svg,
        r##"<rect x="{bx}" y="{by0}" width="16" height="{}" fill="none" stroke="#444"/>"##,
        by1 - by0
    );
    // The ends of the scale (the smallest and largest value drawn) first, then the round
    // values that do not touch a label already placed.
    let ends = [
        (scale.lo, significant(scale.lo)),
        (scale.hi, significant(scale.hi)),
    ];
    let mut placed: Vec<f64> = Vec::new();
    for (v, label) in ends.into_iter().chain(scale.ticks()) {
        let y = by1 - scale.frac(v) * (by1 - by0);
        if placed.iter().any(|p| (p - y).abs() < SMALL + 2.0) {
            continue;
        }
        placed.push(y);
        let _ = write!(
            svg,
            r##"<line x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#444"/><text x="{}" y="{:.1}" font-size="{SMALL}">{label}</text>"##,
            bx + 16.0,
            bx + 20.0,
            bx + 23.0,
            y + 4.0,
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{bx}" y="{:.1}" font-size="{SMALL}">{}</text>"##,
        TOP - 8.0,
        escape(unit)
    );
    if scale.log {
        let _ = write!(
            svg,
            r##"<text x="{bx}" y="{:.1}" font-size="10" fill="#555">log scale</text>"##,
            by1 + 18.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One point of a scatter.
pub struct Point {
    /// Position.
    pub x: f64,
    /// Position.
    pub y: f64,
    /// Short label drawn beside the point when there is room (may be empty).
    pub label: String,
    /// Text shown on hovering.
    pub tooltip: String,
    /// Filled (first legend entry) or open (second).
    pub filled: bool,
}

/// A scatter with margins on both axes, a legend for filled and open points (`legend`) and the
/// points' labels placed beside them where they touch neither another label, nor a point, nor
/// the frame.
pub fn scatter_chart(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[Point],
    legend: (&str, &str),
) -> String {
    let pts: Vec<&Point> = points
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .collect();
    let (mut xl, mut xh, mut yl, mut yh) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pts {
        xl = xl.min(p.x);
        xh = xh.max(p.x);
        yl = yl.min(p.y);
        yh = yh.max(p.y);
    }
    let frame = Frame {
        x: margin(padded(xl, xh), 0.05),
        y: margin(padded(yl, yh), 0.06),
        y_down: false,
    };
    let legend_w = text_w(legend.0).max(text_w(legend.1));
    let mut svg = open_svg(40.0 + legend_w);
    frame.axes(&mut svg, title, x_label, y_label, true);
    open_plot(&mut svg);
    // Open points first, so filled ones are on top.
    for p in pts
        .iter()
        .filter(|p| !p.filled)
        .chain(pts.iter().filter(|p| p.filled))
    {
        let (fill, stroke) = if p.filled {
            (PALETTE[0], PALETTE[0])
        } else {
            ("white", "#888")
        };
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{fill}" stroke="{stroke}" fill-opacity="0.85"><title>{}</title></circle>"##,
            frame.px(p.x),
            frame.py(p.y),
            escape(&p.tooltip)
        );
    }
    Frame::close_plot(&mut svg);
    // Labels: points at the same spot share one ("1, 2"), then each goes right, left, above or
    // below its point, wherever it is free, in the order given (best first).
    let mut groups: Vec<(f64, f64, Vec<&str>)> = Vec::new();
    for p in pts.iter().filter(|p| !p.label.is_empty()) {
        let (x, y) = (frame.px(p.x), frame.py(p.y));
        match groups
            .iter_mut()
            .find(|g| (g.0 - x).abs() < 2.0 && (g.1 - y).abs() < 2.0)
        {
            Some(g) => g.2.push(&p.label),
            None => groups.push((x, y, vec![&p.label])),
        }
    }
    // Every point is an obstacle for labels.
    let mut boxes: Vec<[f64; 4]> = pts
        .iter()
        .map(|p| {
            let (x, y) = (frame.px(p.x), frame.py(p.y));
            [x - 4.5, y - 4.5, x + 4.5, y + 4.5]
        })
        .collect();
    for (x, y, labels) in groups {
        let text = labels.join(", ");
        let w = text_w(&text);
        let candidates = [
            (x + 7.0, y - SMALL / 2.0),
            (x - 7.0 - w, y - SMALL / 2.0),
            (x - w / 2.0, y - 7.0 - SMALL),
            (x - w / 2.0, y + 7.0),
        ];
        let free = candidates.iter().find(|(bx, by)| {
            let b = [*bx, *by, bx + w, by + SMALL];
            b[0] >= LEFT + 2.0
                && b[2] <= LEFT + PLOT_W - 2.0
                && b[1] >= TOP + 2.0
                && b[3] <= TOP + PLOT_H - 2.0
                && boxes.iter().all(|o| !overlap(&b, o))
        });
        if let Some(&(bx, by)) = free {
            boxes.push([bx, by, bx + w, by + SMALL]);
            let _ = write!(
                svg,
                r##"<text x="{bx:.1}" y="{:.1}" font-size="{SMALL}">{}</text>"##,
                by + SMALL - 2.0,
                escape(&text)
            );
        }
    }
    let lx = LEFT + PLOT_W + 14.0;
    let _ = write!(
        svg,
        r##"<circle cx="{lx}" cy="{}" r="4" fill="{}" stroke="{}"/><text x="{}" y="{}" font-size="{SMALL}">{}</text><circle cx="{lx}" cy="{}" r="4" fill="white" stroke="#888"/><text x="{}" y="{}" font-size="{SMALL}">{}</text>"##,
        TOP + 10.0,
        PALETTE[0],
        PALETTE[0],
        lx + 10.0,
        TOP + 14.0,
        escape(legend.0),
        TOP + 28.0,
        lx + 10.0,
        TOP + 32.0,
        escape(legend.1)
    );
    svg.push_str("</svg>");
    svg
}

/// True when boxes [x0, y0, x1, y1] overlap.
fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Every number in a coordinate attribute or path of `svg`.
fn coordinates(svg: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for attr in [
        " x=\"",
        " y=\"",
        " x1=\"",
        " y1=\"",
        " x2=\"",
        " y2=\"",
        " cx=\"",
        " cy=\"",
        " width=\"",
        " height=\"",
    ] {
        for part in svg.split(attr).skip(1) {
            let v = part.find('"').map_or("", |k| &part[..k]);
            out.push(v.parse::<f64>().unwrap_or(f64::NAN));
        }
    }
    for part in svg.split(" d=\"").skip(1) {
        let d = part.find('"').map_or("", |k| &part[..k]);
        for n in d.split([' ', ',', 'M', 'L']).filter(|s| !s.is_empty()) {
            out.push(n.parse::<f64>().unwrap_or(f64::NAN));
        }
    }
    out
}

/// A text element of a chart.
struct Text {
    x: f64,
    y: f64,
    anchor: String,
    size: String,
    rotated: bool,
    body: String,
}

/// The value of attribute `name` in the tag text `head`.
fn attribute(head: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let k = format!(" {head}").find(&key)? + key.len() - 1;
    let rest = &head[k..];
    Some(rest[..rest.find('"')?].to_string())
}

fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let head = &t[..t.find('>')?];
            let body = &t[t.find('>')? + 1..t.find("</text>")?];
            Some(Text {
                x: attribute(head, "x")?.parse().ok()?,
                y: attribute(head, "y")?.parse().ok()?,
                anchor: attribute(head, "text-anchor").unwrap_or_else(|| "start".into()),
                size: attribute(head, "font-size").unwrap_or_default(),
                rotated: head.contains("transform="),
                body: body.to_string(),
            })
        })
        .collect()
}

/// A tick label read back as a number (minus sign included).
fn label_value(s: &str) -> Option<f64> {
    s.replace('\u{2212}', "-").parse().ok()
}

/// The charts (outermost `<svg>` elements) of an HTML page.
pub fn charts_in(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let mut depth = 0usize;
        let mut k = start;
        let end = loop {
            let open = rest[k..].find("<svg").map(|i| i + k);
            let close = rest[k..].find("</svg>").map(|i| i + k);
            match (open, close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    k = o + 4;
                }
                (_, Some(c)) => {
                    depth -= 1;
                    k = c + 6;
                    if depth == 0 {
                        break Some(k);
                    }
                }
                _ => break None,
            }
        };
        match end {
            Some(e) => {
                out.push(&rest[start..e]);
                rest = &rest[e..];
            }
            None => break,
        }
    }
    out
}

/// What is wrong with a chart drawn by this module, as a reader would see it (empty when
/// nothing): an unclosed element, a coordinate that is not a finite number, a text running out
/// of the canvas (by its estimated width), an axis title without a unit in parentheses, tick
/// labels that overlap or repeat, a depth axis growing upward.
pub fn chart_defects(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !(svg.starts_with("<svg") && svg.ends_with("</svg>"))
        || svg.matches("<svg").count() != svg.matches("</svg>").count()
    {
        out.push("not one closed svg element".to_string());
    }
    if coordinates(svg).iter().any(|v| !v.is_finite()) {
        out.push("a coordinate is not a finite number".to_string());
    }
    let head = &svg[..svg.find('>').unwrap_or(0)];
    let size = |n: &str| attribute(head, n).and_then(|v| v.parse::<f64>().ok());
    let (Some(w), Some(h)) = (size("width"), size("height")) else {
        out.push("no width or height".to_string());
        return out;
    };
    let all = texts(svg);
    for t in all.iter().filter(|t| !t.rotated) {
        let tw = text_w(&t.body);
        let (a, b) = match t.anchor.as_str() {
            "middle" => (t.x - tw / 2.0, t.x + tw / 2.0),
            "end" => (t.x - tw, t.x),
            _ => (t.x, t.x + tw),
        };
        if a < 0.0 || b > w || t.y - SMALL < 0.0 || t.y > h {
            out.push(format!(
                "text '{}' runs out of the {w} x {h} canvas",
                t.body
            ));
        }
    }
    // Axis titles: the 12 px texts, one horizontal (x), one rotated (y).
    let titles: Vec<&Text> = all.iter().filter(|t| t.size == "12").collect();
    if titles.len() != 2 {
        out.push(format!("{} axis titles instead of 2", titles.len()));
    }
    for t in &titles {
        if !(t.body.contains('(') && t.body.ends_with(')')) {
            out.push(format!(
                "axis title '{}' has no unit in parentheses",
                t.body
            ));
        }
    }
    // Tick labels of the x axis (centred under the frame) and of the y axis (right-aligned
    // left of the frame).
    let x_ticks: Vec<&Text> = all
        .iter()
        .filter(|t| t.anchor == "middle" && t.size == SMALL.to_string())
        .filter(|t| (t.y - (TOP + PLOT_H + 18.0)).abs() < 0.05)
        .collect();
    let y_ticks: Vec<&Text> = all
        .iter()
        .filter(|t| t.anchor == "end" && (t.x - (LEFT - 8.0)).abs() < 0.05)
        .collect();
    for (ticks, horizontal) in [(&x_ticks, true), (&y_ticks, false)] {
        if ticks.len() < 2 {
            out.push(format!(
                "fewer than 2 tick labels on the {} axis",
                if horizontal { "x" } else { "y" }
            ));
        }
        for pair in ticks.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            let clear = if horizontal {
                (q.x - p.x).abs() - 0.5 * (text_w(&p.body) + text_w(&q.body))
            } else {
                (q.y - p.y).abs() - SMALL
            };
            if clear < 0.0 {
                out.push(format!("tick labels '{}' and '{}' overlap", p.body, q.body));
            }
            if p.body == q.body {
                out.push(format!("tick label '{}' repeats", p.body));
            }
        }
    }
    let y_title = titles.iter().find(|t| t.rotated).map(|t| t.body.as_str());
    if y_title.is_some_and(|t| t.starts_with("depth")) {
        let values: Vec<(f64, f64)> = y_ticks
            .iter()
            .filter_map(|t| Some((t.y, label_value(&t.body)?)))
            .collect();
        if values
            .windows(2)
            .any(|p| (p[1].0 - p[0].0) * (p[1].1 - p[0].1) <= 0.0)
        {
            out.push("depth does not grow downward".to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        let t = nice_ticks(0.13, 0.87, 4);
        assert_eq!(t.len(), 4);
        assert!((t[0] - 0.2).abs() < 1e-12 && (t[3] - 0.8).abs() < 1e-12);
        // The step nearest the target count: 17 / 8 is closer to 2 than to 5.
        assert_eq!(nice_ticks(8.0, 25.0, 8).len(), 9);
        // An end a rounding error short of a round value keeps its tick.
        assert_eq!(nice_ticks(0.0, 399.999_999_9, 8).last(), Some(&400.0));
    }

    #[test]
    fn tick_labels_share_decimals_and_use_minus() {
        assert_eq!(
            tick_labels(&[12.0, 12.5, 13.0], 0.5),
            vec!["12.0", "12.5", "13.0"]
        );
        assert_eq!(
            tick_labels(&[-150.0, -100.0, -50.0, 0.0], 50.0),
            vec!["\u{2212}150", "\u{2212}100", "\u{2212}50", "0"]
        );
        assert_eq!(
            tick_labels(&[-0.2, 0.0, 0.2], 0.2),
            vec!["\u{2212}0.2", "0.0", "0.2"]
        );
        assert_eq!(tick_labels(&[0.0, 2e6], 2e6), vec!["0.0e0", "2.0e6"]);
        assert_eq!(tick_labels(&[1.2e7, 1.25e7], 5e5), vec!["1.20e7", "1.25e7"]);
    }

    /// Horizontal tick labels (centred, estimated width) never overlap and every tick lies in
    /// the axis range, over ranges of many sizes and offsets.
    #[test]
    fn axis_tick_labels_do_not_overlap() {
        let mut cases = 0;
        for lo in [-12345.6, -3.0, 0.0, 0.013, 1.0, 17.3, 2027.0, 99_000.0] {
            for span in [1e-3, 0.37, 1.0, 7.5, 100.0, 365.0, 1095.0, 54_321.0, 2.5e6] {
                let hi = lo + span;
                for (len, horizontal) in [(PLOT_W, true), (300.0, true), (PLOT_H, false)] {
                    let ticks = axis_ticks(lo, hi, len, horizontal);
                    assert!(ticks.len() >= 2, "{lo} {span}");
                    let pos: Vec<f64> = ticks
                        .iter()
                        .map(|(t, _)| (t - lo) / (hi - lo) * len)
                        .collect();
                    for w in pos.windows(2) {
                        assert!(w[1] > w[0]);
                    }
                    for p in &pos {
                        assert!(*p >= -1e-6 * len && *p <= len * (1.0 + 1e-6), "{lo} {span}");
                    }
                    for k in 1..ticks.len() {
                        let need = if horizontal {
                            0.5 * (text_w(&ticks[k - 1].1) + text_w(&ticks[k].1))
                        } else {
                            SMALL
                        };
                        assert!(
                            pos[k] - pos[k - 1] >= need,
                            "{lo} {span} {len}: {:?}",
                            ticks
                        );
                    }
                    let labels: Vec<&String> = ticks.iter().map(|t| &t.1).collect();
                    let mut uniq = labels.clone();
                    uniq.dedup();
                    assert_eq!(uniq.len(), labels.len(), "labels repeat: {labels:?}");
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 8 * 9 * 3);
    }

    #[test]
    fn three_significant_digits() {
        assert_eq!(significant(131.44), "131");
        assert_eq!(significant(15.27), "15.3");
        assert_eq!(significant(0.6123), "0.612");
        assert_eq!(significant(-2.5), "\u{2212}2.50");
        assert_eq!(significant(0.0), "0");
    }

    #[test]
    fn colour_scale_ends() {
        assert_eq!(colour(0.0), "#ffffcc");
        assert_eq!(colour(1.0), "#54005a");
        assert_eq!(colour(f64::NAN), "#ffffcc");
    }

    #[test]
    fn salinity_over_a_factor_five_is_on_a_log_scale() {
        let s = ColourScale::of(&[vec![15.0, 40.0], vec![130.0, f64::NAN]]);
        assert!(s.log);
        assert!((s.frac(15.0)).abs() < 1e-12 && (s.frac(130.0) - 1.0).abs() < 1e-12);
        let labels: Vec<String> = s.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, vec!["20", "50", "100"]);
        let l = ColourScale::of(&[vec![0.0, 4.5]]);
        assert!(!l.log);
        assert_eq!(l.frac(0.0), 0.0);
        // A narrow range uses the whole scale.
        let n = ColourScale::of(&[vec![8.5, 18.0, 24.0]]);
        assert!(!n.log && n.frac(8.5) == 0.0 && n.frac(24.0) == 1.0);
        let labels: Vec<String> = n.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, vec!["10", "12", "14", "16", "18", "20", "22", "24"]);
    }

    /// Every text inside, every coordinate finite, every axis title with a unit, no tick
    /// labels overlapping, and the labels given drawn.
    fn check_chart(svg: &str, labels: &[&str]) {
        assert_eq!(chart_defects(svg), Vec::<String>::new(), "{svg}");
        for l in labels {
            assert!(svg.contains(&escape(l)), "{l} missing");
        }
    }

    #[test]
    fn charts_are_closed_svg_without_nan_and_inside() {
        let s = line_chart(
            "t",
            "x (d)",
            "y (cm)",
            &[Series {
                name: "a rather long legend entry (full_plus_lf)".into(),
                points: vec![(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)],
            }],
            false,
        );
        check_chart(&s, &["x (d)", "y (cm)", "a rather long legend entry"]);
        let h = heat_map(
            "h",
            "t (d)",
            "z (cm)",
            &[0.0, 1.0],
            &[0.0, 5.0, 10.0],
            &[vec![1.0, 2.0, 3.0], vec![2.0, 2.0, 2.0]],
            "ECe (dS/m)",
        );
        check_chart(&h, &["t (d)", "z (cm)", "ECe (dS/m)"]);
        assert_eq!(h.matches("<rect").count(), 6 + 50 + 2);
        let p = scatter_chart(
            "s",
            "water (mm/yr)",
            "cover (%)",
            &[
                Point {
                    x: 250.0,
                    y: 10.0,
                    label: "1".into(),
                    tooltip: "a".into(),
                    filled: true,
                },
                Point {
                    x: 250.0,
                    y: 10.0,
                    label: "2".into(),
                    tooltip: "b".into(),
                    filled: true,
                },
                Point {
                    x: 0.0,
                    y: f64::NAN,
                    label: "3".into(),
                    tooltip: "c".into(),
                    filled: false,
                },
            ],
            ("viable", "not viable"),
        );
        check_chart(&p, &["water (mm/yr)", "cover (%)", "viable", "1, 2"]);
        assert_eq!(p.matches("<circle").count(), 2 + 2);
    }

    #[test]
    fn depth_grows_downward_and_lines_are_clipped_to_the_plot() {
        let s = line_chart(
            "p",
            "ECe (dS/m)",
            "depth (cm)",
            &[Series {
                name: "day 0".into(),
                points: vec![(1.0, 0.0), (2.0, 100.0)],
            }],
            true,
        );
        let d = &s[s.find(" d=\"M").unwrap() + 5..];
        let d = &d[..d.find('"').unwrap()];
        let ys: Vec<f64> = d
            .split(['L', ' '])
            .filter(|p| !p.is_empty())
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(ys[1] > ys[0], "depth 100 below depth 0: {ys:?}");
        assert_eq!(ys[0], TOP);
        assert_eq!(ys[1], TOP + PLOT_H);
        // The lines sit inside a nested svg as large as the frame, which clips them.
        let clip = format!(r#"<svg x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}""#);
        assert!(s[..s.find("<path").unwrap()].contains(&clip));
    }

    /// The checker sees each defect it names.
    #[test]
    fn chart_defects_are_found() {
        let series = [Series {
            name: "a".into(),
            points: vec![(0.0, 0.0), (10.0, 100.0)],
        }];
        let good = line_chart("t", "ECe (dS/m)", "depth (cm)", &series, true);
        assert!(
            chart_defects(&good).is_empty(),
            "{:?}",
            chart_defects(&good)
        );
        let no_unit = line_chart("t", "ECe", "depth (cm)", &series, true);
        assert!(chart_defects(&no_unit)[0].contains("no unit"));
        let upward = line_chart("t", "ECe (dS/m)", "depth (cm)", &series, false);
        assert_eq!(chart_defects(&upward), vec!["depth does not grow downward"]);
        let nan = good.replacen(" x1=\"", " x1=\"NaN", 1);
        assert!(chart_defects(&nan)[0].contains("finite"));
        // A long label on the second x tick overlaps its neighbours.
        let k = good.find("text-anchor=\"middle\">").unwrap();
        let k = good[k + 10..].find("text-anchor=\"middle\">").unwrap() + k + 10;
        let k = k + "text-anchor=\"middle\">".len();
        let long = format!("{}123456789012345{}", &good[..k], &good[k..]);
        assert!(chart_defects(&long).iter().any(|d| d.contains("overlap")));
        let page = format!("<p>x</p><figure>{good}</figure><figure>{nan}</figure>");
        assert_eq!(charts_in(&page), vec![good.as_str(), nan.as_str()]);
    }

    /// Degenerate data still give a readable chart: no points at all, one point, a constant
    /// series, one time in the map, a map of zeros.
    #[test]
    fn degenerate_data_give_clean_charts() {
        let one = |points: Vec<(f64, f64)>| {
            vec![Series {
                name: "s".into(),
                points,
            }]
        };
        for series in [
            vec![],
            one(vec![]),
            one(vec![(f64::NAN, 1.0)]),
            one(vec![(5.0, 2.0)]),
            one(vec![(0.0, 3.0), (10.0, 3.0)]),
            one(vec![(0.0, 0.0), (1e-9, 0.0)]),
        ] {
            for y_down in [false, true] {
                let c = line_chart("t", "time (d)", "depth (cm)", &series, y_down);
                let defects: Vec<String> = chart_defects(&c)
                    .into_iter()
                    .filter(|d| y_down || !d.contains("downward"))
                    .collect();
                assert!(defects.is_empty(), "{defects:?}");
            }
        }
        for (xs, ys, values) in [
            (vec![0.0], vec![0.0, 10.0], vec![vec![1.0, 2.0]]),
            (vec![0.0, 1.0], vec![0.0, 10.0], vec![vec![0.0; 2]; 2]),
            (vec![0.0, 1.0], vec![0.0, 10.0], vec![vec![f64::NAN; 2]; 2]),
            (vec![], vec![], vec![]),
        ] {
            let h = heat_map(
                "h",
                "time (d)",
                "depth (cm)",
                &xs,
                &ys,
                &values,
                "ECe (dS/m)",
            );
            assert!(chart_defects(&h).is_empty(), "{:?}", chart_defects(&h));
        }
    }
}
