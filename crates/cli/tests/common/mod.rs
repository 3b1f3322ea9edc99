//! Helpers shared by the command-line tests that run `aralkum simulate` on a copy of a scenario
//! folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Copies the scenario folder `data/NAME/` (scenario and forcing files) into a fresh folder
/// `TAG` of the test's temporary directory, applies `edit` to its `scenario.toml`, runs
/// `aralkum simulate` on it and returns the parsed `summary.json`.
pub fn simulate_copy(name: &str, tag: &str, edit: impl Fn(&str) -> String) -> serde_json::Value {
    let source = repo().join("data").join(name);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let scenario = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, edit(&text)).unwrap();
    let out = dir.join("out");
    simulate(&scenario, &out);
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// Runs `aralkum simulate SCENARIO --out OUT --quiet` (OUT emptied first) and asserts that it
/// succeeds.
pub fn simulate(scenario: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let run = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .arg("simulate")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}: {}",
        scenario.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs `data/NAME/` through [`simulate_copy`] with `accuracy` set in its `[simulation]` table
/// (the default accuracy for `None`), in a folder tagged `TAG_accuracy`.
pub fn simulate_with_accuracy(name: &str, tag: &str, accuracy: Option<&str>) -> serde_json::Value {
    let tag = format!("{tag}_{}", accuracy.unwrap_or("fast"));
    simulate_copy(name, &tag, |text| match accuracy {
        Some(a) => text.replacen(
            "[simulation]\n",
            &format!("[simulation]\naccuracy = \"{a}\"\n"),
            1,
        ),
        None => text.to_string(),
    })
}

/// Asserts that each of the summary `keys` of the default (fast) run `fast` is within relative
/// `tolerance` of the run converged in time `converged`, printing every difference.
pub fn assert_converged_in_time(
    converged: &serde_json::Value,
    fast: &serde_json::Value,
    keys: &[&str],
    tolerance: f64,
) {
    for key in keys {
        let (c, f) = (
            converged[key].as_f64().unwrap(),
            fast[key].as_f64().unwrap(),
        );
        let rel = (f - c) / c;
        eprintln!(
            "{key}: converged {c:.4}, fast {f:.4} ({:+.3} %)",
            100.0 * rel
        );
        assert!(rel.abs() <= tolerance, "{key}: {c} vs {f}");
    }
}
