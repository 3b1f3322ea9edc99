//! Garbage into the samples reader: it never panics, and every error it reports is located
//! (names the file and a line or the header/file) so a user can find the problem.

use aralkum_scenario::samples::{assess, parse_samples, AssessOptions};
use proptest::prelude::*;

const HEADER: &str = "sample_id,depth_top_cm,depth_bottom_cm,texture,sand_pct,silt_pct,clay_pct,ece_ds_m,ec1_5_ds_m,na_meq_l,ca_meq_l,mg_meq_l,cec_cmol_kg,bulk_density_g_cm3";

/// Cells that are plausible, implausible or nonsense.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (-1e4f64..1e4).prop_map(|x| x.to_string()),
        (0.0f64..100.0).prop_map(|x| format!("{x:.1}")),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-0".to_string()),
        Just("1e400".to_string()),
        Just("sandy loam".to_string()),
        Just("SiCL".to_string()),
        Just("\"quoted, with comma\"".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

fn assert_located(
    result: &Result<Vec<aralkum_scenario::samples::Sample>, aralkum_scenario::InputErrors>,
) {
    if let Err(errors) = result {
        assert!(!errors.is_empty());
        for e in &errors.0 {
            assert_eq!(e.file, "garbage.csv");
            assert!(
                e.location.starts_with("line") || e.location == "file" || e.location == "header",
                "unlocated error: {e}"
            );
            assert!(!e.message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Arbitrary bytes, including invalid UTF-8 and stray quotes.
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let result = parse_samples(&bytes, "garbage.csv");
        assert_located(&result);
    }

    /// The right header with random rows of random cells (ragged rows included).
    #[test]
    fn random_cells_under_a_good_header(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..16), 0..8)
    ) {
        let mut text = String::from(HEADER);
        text.push('\n');
        for row in &rows {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        let result = parse_samples(text.as_bytes(), "garbage.csv");
        assert_located(&result);
        // Whatever parses can be assessed without panicking and gives finite numbers.
        if let Ok(samples) = result {
            for r in assess(&samples, &AssessOptions::default()) {
                prop_assert!(r.ece_ds_m.is_finite() && r.ece_ds_m >= 0.0);
                prop_assert!(r.leach_depth_ponded_cm.is_finite() && r.leach_depth_ponded_cm >= 0.0);
                prop_assert!(r.gypsum_t_ha.is_none_or(|g| g.is_finite() && g >= 0.0));
                prop_assert!(r.sar.is_none_or(f64::is_finite));
            }
        }
    }
}
