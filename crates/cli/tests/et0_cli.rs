//! `aralkum et0` end to end: the built-in station works with no file, a weather file reproduces
//! the Aral-year reference vector, and every kind of bad input of issue 2 exits with code 2 and
//! a message naming the file, line, column, value and what is allowed.

use std::path::PathBuf;
use std::process::{Command, Output};

fn aralkum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args(args)
        .output()
        .expect("run aralkum")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file in a fresh temporary folder for this test.
fn temp_file(test: &str, name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aralkum_et0_cli_{}_{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn station_without_a_file() {
    let o = aralkum(&["et0", "--station", "moynaq"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "date,et0_mm");
    assert_eq!(lines.len(), 366, "header + 365 days of 2027");
    assert!(lines[1].starts_with("2027-01-01,"));
    let total: f64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    // aral-domain.md: annual ET0 on the seabed about 1100-1400 mm (widened for placeholder
    // normals).
    assert!((900.0..1600.0).contains(&total), "annual ET0 {total} mm");
    // Three decimals.
    assert_eq!(
        lines[1]
            .split(',')
            .nth(1)
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len(),
        3
    );
    // Same seed, same output; another seed, another year.
    assert_eq!(stdout(&aralkum(&["et0", "--station", "moynaq"])), text);
    assert_ne!(
        stdout(&aralkum(&["et0", "--station", "moynaq", "--seed", "9"])),
        text
    );
    let leap = aralkum(&["et0", "--station", "aralsk", "--year", "2028"]);
    assert_eq!(stdout(&leap).lines().count(), 367);
}

#[test]
fn details_and_out_file() {
    let out = temp_file("details", "et0.csv", "");
    let o = aralkum(&[
        "et0",
        "--station",
        "kungrad",
        "--details",
        "--coastal",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "results go to --out only");
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "date,et0_mm,ra_mj_m2,rso_mj_m2,rs_mj_m2,rn_mj_m2,es_kpa,ea_kpa,delta_kpa_c,gamma_kpa_c"
    );
    for l in lines {
        let v: Vec<f64> = l.split(',').skip(1).map(|c| c.parse().unwrap()).collect();
        assert_eq!(v.len(), 9);
        let (ra, rso, rs) = (v[1], v[2], v[3]);
        assert!(rso <= ra && rs <= ra, "{l}");
        // gamma at about 70 m: 0.665e-3 x 100.5 kPa (FAO-56 eq. 7-8).
        assert!((v[8] - 0.0668).abs() < 0.0002, "{l}");
    }
}

#[test]
fn weather_file_reproduces_the_aral_year_vector() {
    // reference/vectors/et0/aral_year_shared (ASCE standardized = FAO-56 PM daily grass):
    // 1 % or 0.05 mm on every day. Its extra et0_mm column is ignored by the reader.
    let path = format!(
        "{}/../../reference/vectors/et0/aral_year_shared.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = aralkum(&[
        "et0",
        "--weather",
        &path,
        "--lat",
        "43.77",
        "--elevation",
        "65",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reference = std::fs::read_to_string(&path).unwrap();
    let ours = stdout(&o);
    let mut n = 0;
    for (r, c) in reference.lines().skip(1).zip(ours.lines().skip(1)) {
        let want: f64 = r.rsplit(',').next().unwrap().parse().unwrap();
        let (date, got) = c.split_once(',').unwrap();
        assert!(r.starts_with(date));
        let got: f64 = got.parse().unwrap();
        let err = (got - want).abs();
        // 0.0005 for the 3-decimal rounding of the output.
        assert!(
            err <= 0.0505 || err <= 0.01 * want + 0.0005,
            "{date}: {got} vs {want}"
        );
        n += 1;
    }
    assert_eq!(n, reference.lines().count() - 1);
}

/// Runs et0 on a weather file with `contents`, expects exit 2 and a message that contains every
/// string in `expect` (file, location, value, allowed range).
fn bad_weather(test: &str, contents: &str, expect: &[&str]) {
    let path = temp_file(test, "weather.csv", contents);
    let o = aralkum(&[
        "et0",
        "--weather",
        path.to_str().unwrap(),
        "--lat",
        "43.77",
        "--elevation",
        "65",
    ]);
    assert_eq!(o.status.code(), Some(2), "{test}: {}", stderr(&o));
    let msg = stderr(&o);
    assert!(
        msg.contains(path.to_str().unwrap()),
        "{test}: no file name: {msg}"
    );
    for e in expect {
        assert!(msg.contains(e), "{test}: `{e}` missing from: {msg}");
    }
    assert!(o.stdout.is_empty(), "{test}: nothing on stdout on error");
}

#[test]
fn missing_required_column_exits_2() {
    bad_weather(
        "missing_column",
        "date,tmin_c\n2027-01-01,1\n",
        &["line 1", "tmax_c", "required"],
    );
}

#[test]
fn non_numeric_cell_exits_2() {
    bad_weather(
        "non_numeric",
        "date,tmin_c,tmax_c\n2027-01-01,1,2\n2027-01-02,one,2\n",
        &["line 3, column 2 (tmin_c)", "= one", "not a number"],
    );
}

#[test]
fn tmin_above_tmax_exits_2() {
    bad_weather(
        "tmin_tmax",
        "date,tmin_c,tmax_c\n2027-01-01,8,2\n",
        &["line 2, column 2 (tmin_c)", "= 8", "tmin_c <= tmax_c"],
    );
}

#[test]
fn relative_humidity_outside_0_100_exits_2() {
    bad_weather(
        "rh",
        "date,tmin_c,tmax_c,rh_min_pct,rh_max_pct\n2027-01-01,1,8,30,101\n",
        &["line 2, column 5 (rh_max_pct)", "= 101", "from 0 to 100"],
    );
}

#[test]
fn date_out_of_order_exits_2() {
    bad_weather(
        "order",
        "date,tmin_c,tmax_c\n2027-01-02,1,2\n2027-01-01,1,2\n",
        &["line 3, column 1 (date)", "= 2027-01-01", "out of order"],
    );
}

#[test]
fn date_repeated_exits_2() {
    bad_weather(
        "repeat",
        "date,tmin_c,tmax_c\n2027-01-01,1,2\n2027-01-01,1,2\n",
        &["line 3, column 1 (date)", "= 2027-01-01", "repeated"],
    );
}

#[test]
fn negative_precipitation_exits_2() {
    bad_weather(
        "precip",
        "date,tmin_c,tmax_c,precip_mm\n2027-01-01,1,2,-3\n",
        &["line 2, column 4 (precip_mm)", "= -3", "from 0"],
    );
}

#[test]
fn bad_arguments_exit_2() {
    let o = aralkum(&["et0", "--station", "moynak"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean moynaq"), "{}", stderr(&o));

    let o = aralkum(&["et0", "--station", "moynaq", "--lat", "95"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--lat = 95"), "{}", stderr(&o));

    let o = aralkum(&["et0", "--weather", "/no/such/file.csv", "--lat", "43"]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(msg.contains("--elevation is required"), "{msg}");
    assert!(msg.contains("/no/such/file.csv"), "{msg}");

    let o = aralkum(&["et0", "--lat", "43", "--elevation", "65"]);
    assert_eq!(o.status.code(), Some(2), "neither --weather nor --station");

    let o = aralkum(&["et0", "--station", "moynaq", "--krs", "abc"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_explains_every_option_with_its_unit() {
    let o = aralkum(&["et0", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for needle in [
        "--weather",
        "--station",
        "--lat <DEG>",
        "decimal degrees",
        "--elevation <M>",
        "metres",
        "--wind-height-m",
        "--krs",
        "C^-0.5",
        "--coastal",
        "--details",
        "MJ m-2 d-1",
        "kPa/C",
        "--year",
        "--seed",
        "--out",
        "mm/d",
    ] {
        assert!(
            help.contains(needle),
            "`{needle}` missing from --help:\n{help}"
        );
    }
}
