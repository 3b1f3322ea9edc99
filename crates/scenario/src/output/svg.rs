//! Hand-written SVG charts for the self-contained report: axes with "nice" ticks, line charts and
//! a heat map with a colour bar. No scripts, no fonts to fetch, nothing from the network.

use std::fmt::Write;

/// Size of every chart (px).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 50.0;

/// Colours of successive series (colour-blind-safe palette of Wong 2011, Nature Methods 8:441).
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

/// Escapes text for SVG and HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

fn tick_label(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-3..1e6).contains(&a) {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{v:.1e}")
    }
}

/// A range that is never empty.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        (0.0, 1.0)
    } else if hi - lo <= 1e-12 * lo.abs().max(hi.abs()).max(1e-30) {
        let d = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
        (lo - d, hi + d)
    } else {
        (lo, hi)
    }
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
        LEFT + (x - self.x.0) / (self.x.1 - self.x.0) * (WIDTH - LEFT - RIGHT)
    }
    fn py(&self, y: f64) -> f64 {
        let f = (y - self.y.0) / (self.y.1 - self.y.0);
        let f = if self.y_down { f } else { 1.0 - f };
        TOP + f * (HEIGHT - TOP - BOTTOM)
    }

    fn axes(&self, svg: &mut String, title: &str, x_label: &str, y_label: &str) {
        let (x0, x1) = (LEFT, WIDTH - RIGHT);
        let (y0, y1) = (TOP, HEIGHT - BOTTOM);
        let _ = write!(
            svg,
            r##"<text x="{}" y="18" font-size="15" font-weight="bold">{}</text>"##,
            LEFT,
            escape(title)
        );
        let _ = write!(
            svg,
            r##"<rect x="{x0}" y="{y0}" width="{}" height="{}" fill="none" stroke="#444"/>"##,
            x1 - x0,
            y1 - y0
        );
        for t in nice_ticks(self.x.0, self.x.1, 8) {
            let x = self.px(t);
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{:.1}" stroke="#444"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
                y1 + 5.0,
                y1 + 18.0,
                tick_label(t)
            );
        }
        for t in nice_ticks(self.y.0, self.y.1, 6) {
            let y = self.py(t);
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{x0}" y2="{y:.1}" stroke="#444"/><line x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
                x0 - 5.0,
                x0 - 8.0,
                y + 4.0,
                tick_label(t)
            );
        }
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text>"##,
            (x0 + x1) / 2.0,
            HEIGHT - 10.0,
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
}

fn open_svg() -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">"##
    )
}

/// One line of a line chart.
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Points (x, y); non-finite points are skipped.
    pub points: Vec<(f64, f64)>,
}

/// A line chart; with `y_down` the y axis grows downward (for depth).
pub fn line_chart(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    y_down: bool,
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
    let frame = Frame {
        x: padded(xl, xh),
        y: padded(yl, yh),
        y_down,
    };
    let mut svg = open_svg();
    frame.axes(&mut svg, title, x_label, y_label);
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
            r##"<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.6"/>"##
        );
        let ly = TOP + 10.0 + 18.0 * k as f64;
        let lx = WIDTH - RIGHT + 10.0;
        let _ = write!(
            svg,
            r##"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2"/><text x="{}" y="{}" font-size="11">{}</text>"##,
            lx + 18.0,
            lx + 22.0,
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
    let mut svg = open_svg();
    if xs.is_empty() || ys.is_empty() {
        svg.push_str("</svg>");
        return svg;
    }
    let vmax = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let vmax = if vmax > 0.0 { vmax } else { 1.0 };
    let frame = Frame {
        x: padded(xs[0], xs[xs.len() - 1]),
        y: padded(ys[0], ys[ys.len() - 1]),
        y_down: true,
    };
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
    for (k, column) in values.iter().enumerate() {
        let (xa, xb) = edges(xs, k);
        let (pxa, pxb) = (frame.px(xa), frame.px(xb));
        for (i, v) in column.iter().enumerate() {
            let (ya, yb) = edges(ys, i);
            let (pya, pyb) = (frame.py(ya), frame.py(yb));
            let _ = write!(
                svg,
                r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"##,
                pxa,
                pya,
                (pxb - pxa).max(0.6),
                (pyb - pya).max(0.6),
                colour(v / vmax)
            );
        }
    }
    frame.axes(&mut svg, title, x_label, y_label);
    // Colour bar.
    let bx = WIDTH - RIGHT + 20.0;
    let (by0, by1) = (TOP, HEIGHT - BOTTOM);
    let steps = 50;
    for s in 0..steps {
        let f0 = s as f64 / steps as f64;
        let y = by1 - (s + 1) as f64 * (by1 - by0) / steps as f64;
        let _ = write!(
            svg,
            r##"<rect x="{bx}" y="{y:.2}" width="18" height="{:.2}" fill="{}"/>"##,
            (by1 - by0) / steps as f64 + 0.5,
            colour(f0 + 0.5 / steps as f64)
        );
    }
    let _ = write!(
        svg,
        r##"<rect x="{bx}" y="{by0}" width="18" height="{}" fill="none" stroke="#444"/>"##,
        by1 - by0
    );
    for t in nice_ticks(0.0, vmax, 5) {
        let y = by1 - t / vmax * (by1 - by0);
        let _ = write!(
            svg,
            r##"<text x="{}" y="{:.1}" font-size="11">{}</text>"##,
            bx + 24.0,
            y + 4.0,
            tick_label(t)
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{bx}" y="{:.1}" font-size="11">{}</text>"##,
        TOP - 8.0,
        escape(unit)
    );
    svg.push_str("</svg>");
    svg
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
    }

    #[test]
    fn colour_scale_ends() {
        assert_eq!(colour(0.0), "#ffffcc");
        assert_eq!(colour(1.0), "#54005a");
        assert_eq!(colour(f64::NAN), "#ffffcc");
    }

    #[test]
    fn charts_are_closed_svg_without_nan() {
        let s = line_chart(
            "t",
            "x",
            "y",
            &[Series {
                name: "a".into(),
                points: vec![(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)],
            }],
            false,
        );
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(!s.contains("NaN"));
        let h = heat_map(
            "h",
            "t",
            "z",
            &[0.0, 1.0],
            &[0.0, 5.0, 10.0],
            &[vec![1.0, 2.0, 3.0], vec![2.0, 2.0, 2.0]],
            "dS/m",
        );
        assert_eq!(h.matches("<rect").count(), 6 + 50 + 2);
    }
}
