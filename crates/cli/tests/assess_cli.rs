//! `aralkum assess` end to end: the built-in example, the salinity reference vectors (SAR, ESP,
//! leaching requirement) reproduced through the command line, exit code 2 with a located
//! message for bad input, and the help text.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn aralkum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args(args)
        .output()
        .expect("run aralkum")
}

/// A fresh file in the temporary directory holding `text`.
fn temp_file(name: &str, text: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("aralkum_assess_{}_{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The output table as (header, rows of cells).
fn table(stdout: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

const REQUIRED: [&str; 10] = [
    "sample_id",
    "ece_ds_m",
    "salinity_class",
    "sar",
    "esp_pct",
    "sodic",
    "leach_depth_ponded_cm",
    "leach_depth_intermittent_cm",
    "gypsum_t_ha",
    "leaching_requirement",
];

#[test]
fn built_in_example_runs() {
    let example = repo().join("data/examples/samples_moynaq.csv");
    let out = aralkum(&["assess", example.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (header, rows) = table(&out.stdout);
    assert_eq!(&header[..10], &REQUIRED);
    assert_eq!(rows.len(), 10);
    let ece = column(&header, "ece_ds_m");
    let class = column(&header, "salinity_class");
    for row in &rows {
        let e: f64 = row[ece].parse().unwrap();
        let expected = match e {
            e if e < 2.0 => "non_saline",
            e if e < 4.0 => "slightly_saline",
            e if e < 8.0 => "moderately_saline",
            e if e < 16.0 => "strongly_saline",
            _ => "extremely_saline",
        };
        assert_eq!(row[class], expected);
    }
    // The solonchak crust: ECe 95, SAR 700 / sqrt(125) = 62.61, sodic.
    let b1 = rows.iter().find(|r| r[0] == "B-1").unwrap();
    let sar: f64 = b1[column(&header, "sar")].parse().unwrap();
    assert!((sar - 700.0 / 125f64.sqrt()).abs() < 1e-8);
    assert_eq!(b1[column(&header, "sodic")], "true");
}

#[test]
fn out_file_instead_of_stdout() {
    let example = repo().join("data/examples/samples_moynaq.csv");
    let target = temp_file("placeholder.txt", "").with_file_name("assessment.csv");
    let out = aralkum(&[
        "assess",
        example.to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read(&target).unwrap();
    let (header, rows) = table(&written);
    assert_eq!(&header[..10], &REQUIRED);
    assert_eq!(rows.len(), 10);
}

/// reference/vectors/salinity/sar_esp.csv (USDA Handbook 60; tolerance 1e-6 per its .json)
/// through the command line.
#[test]
fn reproduces_sar_esp_vector() {
    let vector =
        std::fs::read_to_string(repo().join("reference/vectors/salinity/sar_esp.csv")).unwrap();
    let mut lines = vector.lines();
    let vheader: Vec<&str> = lines.next().unwrap().split(',').collect();
    let vcol = |n: &str| vheader.iter().position(|h| *h == n).unwrap();
    let mut csv = String::from(
        "sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m,na_meq_l,ca_meq_l,mg_meq_l\n",
    );
    let mut expected = Vec::new();
    for (i, l) in lines.filter(|l| !l.is_empty()).enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        csv.push_str(&format!(
            "v{i},0,30,loam,10,{},{},{}\n",
            f[vcol("na_meq_l")],
            f[vcol("ca_meq_l")],
            f[vcol("mg_meq_l")]
        ));
        expected.push((
            f[vcol("sar")].parse::<f64>().unwrap(),
            f[vcol("esp_pct")].parse::<f64>().unwrap(),
        ));
    }
    let path = temp_file("sar.csv", &csv);
    let out = aralkum(&["assess", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (header, rows) = table(&out.stdout);
    assert_eq!(rows.len(), expected.len());
    for (row, (sar, esp)) in rows.iter().zip(expected) {
        let got_sar: f64 = row[column(&header, "sar")].parse().unwrap();
        let got_esp: f64 = row[column(&header, "esp_pct")].parse().unwrap();
        assert!(
            (got_sar - sar).abs() <= 1e-6 * sar.max(1.0),
            "SAR {got_sar} vs {sar}"
        );
        assert!(
            (got_esp - esp).abs() <= 1e-6 * esp.max(1.0),
            "ESP {got_esp} vs {esp}"
        );
    }
}

/// reference/vectors/salinity/leaching_requirement.csv (Rhoades 1974 / FAO-29; tolerance 1e-9
/// per its .json; the command prints ten significant digits, 5e-12 at these magnitudes).
#[test]
fn reproduces_leaching_requirement_vector() {
    let vector =
        std::fs::read_to_string(repo().join("reference/vectors/salinity/leaching_requirement.csv"))
            .unwrap();
    let sample = temp_file(
        "one.csv",
        "sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m\ns,0,30,clay,12\n",
    );
    let mut lines = vector.lines();
    let vheader: Vec<&str> = lines.next().unwrap().split(',').collect();
    let vcol = |n: &str| vheader.iter().position(|h| *h == n).unwrap();
    let mut checked = 0;
    for l in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = l.split(',').collect();
        let out = aralkum(&[
            "assess",
            sample.to_str().unwrap(),
            "--water-ec-ds-m",
            f[vcol("ec_water_ds_m")],
            "--target-ece-ds-m",
            f[vcol("ece_target_ds_m")],
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (header, rows) = table(&out.stdout);
        let got: f64 = rows[0][column(&header, "leaching_requirement")]
            .parse()
            .unwrap();
        let want: f64 = f[vcol("leaching_requirement")].parse().unwrap();
        assert!((got - want).abs() <= 1e-9, "{l}: got {got}");
        checked += 1;
    }
    assert_eq!(checked, 12);
}

/// Runs `assess` on `text` and returns stderr, checking exit code 2 and that the message names
/// the file and each expected fragment.
fn bad_input(text: &str, extra: &[&str], fragments: &[&str]) -> String {
    let path = temp_file("bad_samples.csv", text);
    let mut args = vec!["assess", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = aralkum(&args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    for fragment in fragments {
        assert!(stderr.contains(fragment), "{fragment:?} not in:\n{stderr}");
    }
    stderr
}

#[test]
fn missing_required_column() {
    let stderr = bad_input(
        "sample_id,depth_top_cm,texture,ece_ds_m\na,0,loam,4\n",
        &[],
        &["line 1", "depth_bottom_cm"],
    );
    assert!(stderr.contains("bad_samples.csv"));
}

#[test]
fn non_numeric_cell() {
    bad_input(
        "sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m\na,0,30,loam,4\nb,30,sixty,loam,4\n",
        &[],
        &["bad_samples.csv", "line 3, column 3 (depth_bottom_cm)", "sixty", "not a number"],
    );
}

#[test]
fn fractions_not_summing_to_100() {
    bad_input(
        "sample_id,depth_top_cm,depth_bottom_cm,sand_pct,silt_pct,clay_pct,ece_ds_m\na,0,30,60,30,20,4\n",
        &[],
        &["bad_samples.csv", "line 2, columns 4,5,6", "60+30+20 = 110", "100 +- 1"],
    );
}

#[test]
fn negative_ec() {
    bad_input(
        "sample_id,depth_top_cm,depth_bottom_cm,texture,ec1_5_ds_m\na,0,30,loam,-0.4\n",
        &[],
        &[
            "bad_samples.csv",
            "line 2, column 5 (ec1_5_ds_m)",
            "-0.4",
            ">= 0",
        ],
    );
}

#[test]
fn all_problems_at_once() {
    let stderr = bad_input(
        "sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m\na,50,30,loam,4\nb,0,30,loamy,4\n",
        &["--water-ec-ds-m", "15"],
        &[
            "--water-ec-ds-m = 15",
            "line 2, column 3 (depth_bottom_cm)",
            "line 3, column 4 (texture)",
        ],
    );
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

#[test]
fn missing_file_is_bad_input() {
    let out = aralkum(&["assess", "/nonexistent/samples.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/samples.csv"));
}

#[test]
fn help_explains_every_option_with_its_unit() {
    let out = aralkum(&["assess", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for fragment in [
        "--target-ece-ds-m",
        "--water-ec-ds-m",
        "--target-esp-pct",
        "--exchange-efficiency",
        "--out",
        "dS/m",
        "t/ha",
        "meq/L",
        "cmol_c/kg",
        "g/cm3",
        "dimensionless",
    ] {
        assert!(help.contains(fragment), "help lacks {fragment}");
    }
}
