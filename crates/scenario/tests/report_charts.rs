//! The charts of a simulation's `report.html` as a reader sees them (INTERFACES section 6): for
//! each built-in example run for its year, every chart passes the structural checks of
//! `svg::chart_defects` (finite coordinates, texts inside the canvas, axis titles with units,
//! tick labels apart, depth growing downward), the heat map has a labelled colour bar, and the
//! page sets no width wider than a 1300 px window.

use aralkum_scenario::examples::{example, write_example};
use aralkum_scenario::output::report::report_html;
use aralkum_scenario::output::svg::{chart_defects, charts_in};
use aralkum_scenario::{load_scenario, run};
use std::path::PathBuf;

fn page(name: &str) -> String {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "aralkum_report_charts_{name}_{}",
        std::process::id()
    ));
    let paths = write_example(example(name).unwrap(), &dir).unwrap();
    let scenario = load_scenario(&paths[0]).unwrap_or_else(|e| panic!("{name}: {e}"));
    let result = run(&scenario, &mut |_| {}).unwrap();
    let html = report_html(&result);
    let _ = std::fs::remove_dir_all(&dir);
    html
}

fn width(svg: &str) -> f64 {
    let head = &svg[..svg.find('>').unwrap()];
    let k = head.find(" width=\"").unwrap() + 8;
    head[k..k + head[k..].find('"').unwrap()].parse().unwrap()
}

#[test]
fn every_chart_of_every_example_reads_right() {
    for name in ["loamy_solonchak", "sandy_plain", "takyr_clay"] {
        let html = page(name);
        let charts = charts_in(&html);
        assert_eq!(
            charts.len(),
            5,
            "{name}: map, profiles, water, stress, root zone"
        );
        for chart in &charts {
            let defects = chart_defects(chart);
            assert!(defects.is_empty(), "{name}: {defects:?}");
            assert!(width(chart) <= 1000.0, "{name}: chart wider than the page");
        }
        // The heat map: depth axis, a colour bar with its unit and at least two values.
        let map = charts[0];
        assert!(map.contains("depth (cm)") && map.contains(">ECe (dS/m)</text>"));
        let bar_labels = map
            .split("<text x=\"")
            .skip(1)
            .filter(|t| {
                let x: f64 = t[..t.find('"').unwrap()].parse().unwrap();
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                x > 600.0 && body.parse::<f64>().is_ok()
            })
            .count();
        assert!(bar_labels >= 2, "{name}: {bar_labels} colour-bar labels");
        // The bottom of the root zone is marked on the map.
        assert!(map.contains("bottom of the root zone ("));
        // The profiles put depth downward too, the stress ratio is drawn on 0-1.
        assert!(charts[1].contains("depth (cm)"));
        assert!(charts[3].contains(">1.0</text>") && charts[3].contains(">0.0</text>"));
        assert!(html.contains("max-width:960px") && html.contains("svg{max-width:100%"));
    }
}
