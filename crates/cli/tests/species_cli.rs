//! `aralkum species`: the table as text and JSON, the tolerance filter and bad input (exit 2).

use std::process::{Command, Output};

fn aralkum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args(args)
        .output()
        .expect("run aralkum")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = aralkum(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is valid JSON")
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["species"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn json_lists_at_least_25_species_with_identity_and_units() {
    let doc = json(&["species", "--json"]);
    let list = doc["species"].as_array().expect("species array");
    assert!(list.len() >= 25, "{} species", list.len());
    assert_eq!(doc["count"].as_u64().unwrap() as usize, list.len());
    for s in list {
        for key in ["id", "name", "latin", "kind"] {
            assert!(
                s[key].as_str().is_some_and(|v| !v.is_empty()),
                "{key} in {s}"
            );
        }
        let kind = s["kind"].as_str().unwrap();
        assert!(
            ["crop", "forage", "shrub", "halophyte"].contains(&kind),
            "{kind}"
        );
        let id = s["id"].as_str().unwrap();
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{id}"
        );
        // Units in the keys of the numbers the simulator uses.
        for key in [
            "survival_ece_ds_m",
            "feddes_h4_cm",
            "root_depth_max_cm",
            "wp_star_g_m2",
        ] {
            assert!(s[key].is_number(), "{id}: {key}");
        }
    }
}

#[test]
fn filter_at_ece_20_keeps_halophytes_and_drops_maize_and_rice() {
    let all = json(&["species", "--json"]);
    let kept = ids(&json(&["species", "--ece-ds-m", "20", "--json"]));
    assert!(!kept.is_empty());
    for s in all["species"].as_array().unwrap() {
        if s["kind"] == "halophyte" {
            let id = s["id"].as_str().unwrap().to_string();
            assert!(kept.contains(&id), "{id} dropped at ECe 20");
        }
    }
    for id in ["maize", "rice"] {
        assert!(!kept.contains(&id.to_string()), "{id} kept at ECe 20");
    }
    assert!(kept.contains(&"haloxylon_aphyllum".to_string()));
}

#[test]
fn text_table_is_aligned() {
    let out = aralkum(&["species", "--ece-ds-m", "20"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id "));
    assert!(text.contains("tamarix_hispida"));
    assert!(!text.contains("maize"));
    // The kind column starts at the same position on every line.
    let col = lines[0].find("kind").unwrap();
    for l in &lines[1..] {
        let c = l[col..].chars().next().unwrap();
        assert!(c.is_ascii_lowercase(), "misaligned: {l}");
        assert_eq!(&l[col - 2..col], "  ", "misaligned: {l}");
    }
}

#[test]
fn negative_or_absurd_ece_is_bad_input() {
    for bad in ["-1", "nan", "1e9"] {
        let out = aralkum(&["species", "--ece-ds-m", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--ece-ds-m"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = aralkum(&["species", "--ece-ds-m", "salty"]);
    assert_eq!(out.status.code(), Some(2));
}
