//! Salinity and sodicity classes of a soil sample.
//!
//! Salinity classes by ECe of the saturation extract (FAO/USDA; INTERFACES section 3): non-saline
//! < 2, slightly saline 2-4, moderately saline 4-8, strongly saline 8-16, extremely saline > 16
//! dS/m (Soil Survey Division Staff 1993, Soil Survey Manual ch. 3, "Salinity"; FAO 2006,
//! Guidelines for soil description, table 34). Sodic when ESP > 15 % or SAR > 13 (US Salinity
//! Laboratory Staff 1954, USDA Handbook 60, ch. 1; Richards' saline / saline-sodic / sodic
//! categories use ECe 4 dS/m and ESP 15 %).
//!
//! # Units
//! ECe in dS/m, ESP in %, SAR in (meq/L)^0.5.

use std::fmt;

/// ESP (%) above which a soil is sodic (USDA Handbook 60).
pub const SODIC_ESP_PCT: f64 = 15.0;
/// SAR of the saturation extract above which a soil is sodic (USDA Handbook 60 / NRCS).
pub const SODIC_SAR: f64 = 13.0;
/// ECe (dS/m) above which Handbook 60 calls a soil saline.
pub const SALINE_ECE_DS_M: f64 = 4.0;

/// FAO/USDA salinity class by ECe (INTERFACES section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SalinityClass {
    /// ECe < 2 dS/m.
    NonSaline,
    /// 2 <= ECe < 4 dS/m.
    SlightlySaline,
    /// 4 <= ECe < 8 dS/m.
    ModeratelySaline,
    /// 8 <= ECe < 16 dS/m.
    StronglySaline,
    /// ECe >= 16 dS/m.
    ExtremelySaline,
}

impl SalinityClass {
    /// The class of a sample with saturation-extract conductivity `ece_ds_m`; a value on a
    /// boundary goes to the more saline class (the classes are "2-4", "4-8", ...). `None` for a
    /// negative or non-finite ECe.
    pub fn from_ece_ds_m(ece_ds_m: f64) -> Option<SalinityClass> {
        if !(ece_ds_m >= 0.0 && ece_ds_m.is_finite()) {
            return None;
        }
        Some(if ece_ds_m < 2.0 {
            SalinityClass::NonSaline
        } else if ece_ds_m < 4.0 {
            SalinityClass::SlightlySaline
        } else if ece_ds_m < 8.0 {
            SalinityClass::ModeratelySaline
        } else if ece_ds_m < 16.0 {
            SalinityClass::StronglySaline
        } else {
            SalinityClass::ExtremelySaline
        })
    }

    /// Snake-case name for files: `non_saline`, `slightly_saline`, `moderately_saline`,
    /// `strongly_saline`, `extremely_saline`.
    pub fn name(self) -> &'static str {
        match self {
            SalinityClass::NonSaline => "non_saline",
            SalinityClass::SlightlySaline => "slightly_saline",
            SalinityClass::ModeratelySaline => "moderately_saline",
            SalinityClass::StronglySaline => "strongly_saline",
            SalinityClass::ExtremelySaline => "extremely_saline",
        }
    }
}

impl fmt::Display for SalinityClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a soil is sodic: ESP > 15 % or SAR > 13 (USDA Handbook 60). Either measure may be
/// missing; `None` when both are.
pub fn is_sodic(esp_pct: Option<f64>, sar: Option<f64>) -> Option<bool> {
    match (esp_pct, sar) {
        (None, None) => None,
        (esp, sar) => {
            Some(esp.is_some_and(|e| e > SODIC_ESP_PCT) || sar.is_some_and(|s| s > SODIC_SAR))
        }
    }
}

/// Handbook 60 category of a salt-affected soil from ECe and ESP (US Salinity Laboratory Staff
/// 1954, ch. 1: saline ECe > 4 dS/m and ESP < 15; saline-sodic both above; sodic (nonsaline
/// alkali) ESP > 15 with ECe < 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SaltAffectedCategory {
    /// Neither saline nor sodic.
    Normal,
    /// ECe > 4 dS/m, ESP <= 15 %.
    Saline,
    /// ECe > 4 dS/m, ESP > 15 %.
    SalineSodic,
    /// ECe <= 4 dS/m, ESP > 15 %.
    Sodic,
}

impl SaltAffectedCategory {
    /// The category of a sample with `ece_ds_m` and sodicity `sodic` (from [`is_sodic`]).
    pub fn from_ece_and_sodicity(ece_ds_m: f64, sodic: bool) -> SaltAffectedCategory {
        match (ece_ds_m > SALINE_ECE_DS_M, sodic) {
            (false, false) => SaltAffectedCategory::Normal,
            (true, false) => SaltAffectedCategory::Saline,
            (true, true) => SaltAffectedCategory::SalineSodic,
            (false, true) => SaltAffectedCategory::Sodic,
        }
    }

    /// Snake-case name: `normal`, `saline`, `saline_sodic`, `sodic`.
    pub fn name(self) -> &'static str {
        match self {
            SaltAffectedCategory::Normal => "normal",
            SaltAffectedCategory::Saline => "saline",
            SaltAffectedCategory::SalineSodic => "saline_sodic",
            SaltAffectedCategory::Sodic => "sodic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_boundaries() {
        use SalinityClass::*;
        let cases = [
            (0.0, NonSaline),
            (1.99, NonSaline),
            (2.0, SlightlySaline),
            (3.99, SlightlySaline),
            (4.0, ModeratelySaline),
            (8.0, StronglySaline),
            (15.9, StronglySaline),
            (16.0, ExtremelySaline),
            (150.0, ExtremelySaline),
        ];
        for (ece, class) in cases {
            assert_eq!(SalinityClass::from_ece_ds_m(ece), Some(class), "{ece}");
        }
        assert_eq!(SalinityClass::from_ece_ds_m(-0.1), None);
        assert_eq!(SalinityClass::from_ece_ds_m(f64::NAN), None);
    }

    #[test]
    fn sodicity() {
        assert_eq!(is_sodic(None, None), None);
        assert_eq!(is_sodic(Some(15.0), None), Some(false));
        assert_eq!(is_sodic(Some(15.1), None), Some(true));
        assert_eq!(is_sodic(None, Some(13.5)), Some(true));
        assert_eq!(is_sodic(Some(10.0), Some(12.0)), Some(false));
        assert_eq!(
            SaltAffectedCategory::from_ece_and_sodicity(12.0, true),
            SaltAffectedCategory::SalineSodic
        );
        assert_eq!(
            SaltAffectedCategory::from_ece_and_sodicity(2.0, true).name(),
            "sodic"
        );
    }
}
