//! The soil-samples reader: good rows parse, every kind of bad value is reported with file,
//! line, column, value and what is allowed, and all problems of a file come back together.

use aralkum_core::soil::TextureClass;
use aralkum_scenario::samples::{assess, parse_samples, AssessOptions, EceSource};
use aralkum_scenario::InputErrors;

const FILE: &str = "samples.csv";

fn errors_of(text: &str) -> InputErrors {
    parse_samples(text.as_bytes(), FILE).expect_err("the file has errors")
}

fn one_error_containing(errors: &InputErrors, location: &str, value: &str, message: &str) {
    let found = errors.0.iter().any(|e| {
        e.file == FILE
            && e.location.contains(location)
            && e.value == value
            && e.message.contains(message)
    });
    assert!(
        found,
        "no error at {location:?} = {value:?} ({message:?}) in:\n{errors}"
    );
}

#[test]
fn reads_classes_fractions_and_both_salinity_measures() {
    let text = "\
# comment lines are skipped
sample_id,depth_top_cm,depth_bottom_cm,texture,sand_pct,silt_pct,clay_pct,ece_ds_m,ec1_5_ds_m,na_meq_l,ca_meq_l,mg_meq_l,cec_cmol_kg,bulk_density_g_cm3,notes
A1,0,30,sandy loam,,,,12.5,,40,5,5,12,1.45,ignored column
A2,30,60,,41,40,19,,2.0,,,,,,
A3,60,90,SiL,20,65,15,8,1.0,,,,,,
";
    let samples = parse_samples(text.as_bytes(), FILE).unwrap();
    assert_eq!(samples.len(), 3);
    assert_eq!(samples[0].texture, TextureClass::SandyLoam);
    assert_eq!(samples[0].line, 3);
    assert_eq!(samples[0].cations_meq_l, Some([40.0, 5.0, 5.0]));
    assert_eq!(samples[1].texture, TextureClass::Loam);
    assert_eq!(samples[1].ece_source, EceSource::FromEc1To5);
    // Loam: ECe = 9.5 EC1:5 (Slavich & Petterson 1993).
    assert!((samples[1].ece_ds_m - 19.0).abs() < 1e-12);
    // Both given: the measured ECe is used.
    assert_eq!(samples[2].ece_source, EceSource::Measured);
    assert_eq!(samples[2].ece_ds_m, 8.0);
}

#[test]
fn missing_columns_are_named() {
    let errors = errors_of("sample_id,depth_top_cm,sand_pct,silt_pct\nA,0,50,50\n");
    one_error_containing(&errors, "line 1", "", "`depth_bottom_cm`");
    one_error_containing(&errors, "line 1", "", "missing texture");
    one_error_containing(&errors, "line 1", "", "missing salinity");
}

#[test]
fn every_bad_cell_is_located_and_all_are_reported() {
    let text = "\
sample_id,depth_top_cm,depth_bottom_cm,sand_pct,silt_pct,clay_pct,ece_ds_m,na_meq_l,ca_meq_l,mg_meq_l,texture
S1,0,30,50,30,10,4,,,,
S2,0,abc,40,40,20,4,,,,
S3,30,30,40,40,20,4,,,,
S4,0,30,40,40,20,-2.5,,,,
S5,0,30,40,40,20,4,10,,2,
S6,0,30,40,40,20,4,10,0,0,
S7,0,30,,,,4,,,,loamy
S8,0,30,40,40,20,4,,,,clay
S1,0,30,40,40,20,4,,,,
,0,30,40,40,20,4,,,,
S11,0,30,40,40,20,,,,,
";
    let errors = errors_of(text);
    // Sum of fractions 90 on line 2.
    one_error_containing(
        &errors,
        "line 2, columns 4,5,6",
        "50+30+10 = 90",
        "100 +- 1",
    );
    // Non-numeric depth on line 3, column 3.
    one_error_containing(
        &errors,
        "line 3, column 3 (depth_bottom_cm)",
        "abc",
        "not a number",
    );
    // Bottom not below top.
    one_error_containing(
        &errors,
        "line 4, column 3 (depth_bottom_cm)",
        "30",
        "greater than",
    );
    // Negative EC.
    one_error_containing(&errors, "line 5, column 7 (ece_ds_m)", "-2.5", ">= 0");
    // Partial cations.
    one_error_containing(&errors, "line 6, column 9 (ca_meq_l)", "", "SAR needs");
    // Ca + Mg = 0.
    one_error_containing(
        &errors,
        "line 7, column 9 (ca_meq_l)",
        "0 (mg_meq_l 0)",
        "> 0",
    );
    // Unknown texture.
    one_error_containing(
        &errors,
        "line 8, column 11 (texture)",
        "loamy",
        "unknown texture",
    );
    // Texture disagreeing with the fractions.
    one_error_containing(
        &errors,
        "line 9, column 11 (texture)",
        "clay",
        "which is loam",
    );
    // Repeated id.
    one_error_containing(
        &errors,
        "line 10, column 1 (sample_id)",
        "S1",
        "first on line 2",
    );
    // Empty id.
    one_error_containing(&errors, "line 11, column 1 (sample_id)", "", "needs an id");
    // No salinity value.
    one_error_containing(&errors, "line 12, column 7 (ece_ds_m)", "", "empty");
    assert_eq!(errors.0.len(), 11, "{errors}");
}

#[test]
fn empty_and_header_only_files() {
    let errors = errors_of("");
    assert!(!errors.is_empty());
    let errors = errors_of("sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m\n");
    one_error_containing(&errors, "file", "", "no samples");
}

/// A hand-worked sample: loam 0-30 cm, ECe 20 dS/m, Na 40, Ca 5, Mg 5 meq/L, CEC 15 cmol_c/kg,
/// 1.4 g/cm3; options target ECe 4, water 1 dS/m, target ESP 10, F 1.2.
/// SAR = 40 / sqrt(5) = 17.889; ESP = 20.080 (Handbook 60); sodic.
/// Ponded Dw = 0.3 x 30 x 20 / 4 = 45 cm; intermittent 0.1 x 30 x 5 = 15 cm.
/// Gypsum = 1.2 x 10 x 15 x (20.080 - 10)/100 meq/kg x 86.085e-6 x 100 x 1.4 x 30 t/ha.
/// LR = 1 / (20 - 1) = 0.05263.
#[test]
fn assessment_of_a_worked_sample() {
    let text = "\
sample_id,depth_top_cm,depth_bottom_cm,texture,ece_ds_m,na_meq_l,ca_meq_l,mg_meq_l,cec_cmol_kg,bulk_density_g_cm3
W,0,30,loam,20,40,5,5,15,1.4
";
    let samples = parse_samples(text.as_bytes(), FILE).unwrap();
    let rows = assess(&samples, &AssessOptions::default());
    let r = &rows[0];
    let sar = 40.0 / 5f64.sqrt();
    assert!((r.sar.unwrap() - sar).abs() < 1e-12);
    let esr = -0.0126 + 0.01475 * sar;
    let esp = 100.0 * esr / (1.0 + esr);
    assert!((r.esp_pct.unwrap() - esp).abs() < 1e-12);
    assert_eq!(r.sodic, Some(true));
    assert_eq!(r.salinity_class.name(), "extremely_saline");
    assert!((r.leach_depth_ponded_cm - 45.0).abs() < 1e-12);
    assert!((r.leach_depth_intermittent_cm - 15.0).abs() < 1e-12);
    let gypsum = 1.2 * 10.0 * 15.0 * (esp - 10.0) / 100.0 * 86.085e-6 * 100.0 * 1.4 * 30.0;
    assert!((r.gypsum_t_ha.unwrap() - gypsum).abs() < 1e-12);
    assert!((r.leaching_requirement - 1.0 / 19.0).abs() < 1e-15);
}

#[test]
fn options_are_checked() {
    let bad = AssessOptions {
        target_ece_ds_m: 4.0,
        water_ec_ds_m: 12.0,
        ..AssessOptions::default()
    };
    let errors = bad.validate("<command line>").unwrap_err();
    assert!(errors.0[0].location == "--water-ec-ds-m" && errors.0[0].value == "12");
    let bad = AssessOptions {
        target_ece_ds_m: 0.0,
        ..AssessOptions::default()
    };
    assert!(bad.validate("<command line>").is_err());
    assert!(AssessOptions::default().validate("<command line>").is_ok());
}
