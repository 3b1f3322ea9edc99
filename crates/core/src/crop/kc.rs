//! The FAO-56 single crop coefficient curve (Allen et al. 1998, ch. 6, "Construction of the Kc
//! curve", Fig. 25 and eq. 66).
//!
//! The season has four stages: initial (Kc = Kc,ini), crop development (Kc rises linearly to
//! Kc,mid), mid-season (Kc = Kc,mid) and late season (Kc falls linearly to Kc,end). Eq. 66 gives
//! the value on day i of a stage that changes linearly:
//! Kc,i = Kc,prev + [(i - sum(L,prev)) / L,stage] (Kc,next - Kc,prev).

/// The four growth stages of FAO-56 (ch. 6, Fig. 25), plus "outside the season".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KcStage {
    /// Before sowing or after harvest.
    OutOfSeason,
    /// Initial stage (sowing to about 10 % ground cover).
    Initial,
    /// Crop development (to effective full cover).
    Development,
    /// Mid-season (full cover to the start of maturity).
    MidSeason,
    /// Late season (maturity to harvest or full senescence).
    LateSeason,
}

/// FAO-56 single crop coefficients and stage lengths (Tables 11 and 12).
///
/// # Units
/// Stage lengths in days; coefficients dimensionless.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KcCurve {
    /// Kc during the initial stage.
    pub kc_ini: f64,
    /// Kc during the mid-season stage.
    pub kc_mid: f64,
    /// Kc at the end of the late-season stage (harvest).
    pub kc_end: f64,
    /// Length of the initial stage (d).
    pub l_ini_d: f64,
    /// Length of the development stage (d).
    pub l_dev_d: f64,
    /// Length of the mid-season stage (d).
    pub l_mid_d: f64,
    /// Length of the late-season stage (d).
    pub l_late_d: f64,
}

impl KcCurve {
    /// Total length of the season (d): the sum of the four stage lengths (FAO-56 Table 11).
    pub fn season_length_d(&self) -> f64 {
        self.l_ini_d + self.l_dev_d + self.l_mid_d + self.l_late_d
    }

    /// Days from sowing to the start of the mid-season stage, L,ini + L,dev (d).
    pub fn start_of_mid_season_d(&self) -> f64 {
        self.l_ini_d + self.l_dev_d
    }

    /// The stage at `day` days after sowing (day 0 is sowing; a day equal to a stage's end
    /// still belongs to that stage, so the last day of the season is `LateSeason`).
    pub fn stage_at(&self, day: f64) -> KcStage {
        let e_ini = self.l_ini_d;
        let e_dev = e_ini + self.l_dev_d;
        let e_mid = e_dev + self.l_mid_d;
        let e_late = e_mid + self.l_late_d;
        if !(0.0..=e_late).contains(&day) {
            KcStage::OutOfSeason
        } else if day <= e_ini {
            KcStage::Initial
        } else if day <= e_dev {
            KcStage::Development
        } else if day <= e_mid {
            KcStage::MidSeason
        } else {
            KcStage::LateSeason
        }
    }

    /// Kc at `day` days after sowing by FAO-56 eq. 66 (linear during development and late
    /// season), or `None` outside the season.
    ///
    /// With FAO-56's day numbering, day i of the season is `day = i`: Kc on day 40 of a crop with
    /// L,ini = 25 and L,dev = 25 is Kc,ini + (40 - 25)/25 (Kc,mid - Kc,ini).
    ///
    /// ```
    /// use aralkum_core::crop::KcCurve;
    /// // FAO-56's dry beans (Table 11, Idaho row) with Kc 0.15 / 1.19 / 0.35.
    /// let beans = KcCurve {
    ///     kc_ini: 0.15, kc_mid: 1.19, kc_end: 0.35,
    ///     l_ini_d: 25.0, l_dev_d: 25.0, l_mid_d: 30.0, l_late_d: 20.0,
    /// };
    /// assert!((beans.kc_at(40.0).unwrap() - 0.774).abs() < 1e-12);
    /// assert!((beans.kc_at(95.0).unwrap() - 0.56).abs() < 1e-12);
    /// assert_eq!(beans.kc_at(120.0), None);
    /// ```
    pub fn kc_at(&self, day: f64) -> Option<f64> {
        let e_dev = self.l_ini_d + self.l_dev_d;
        let e_mid = e_dev + self.l_mid_d;
        Some(match self.stage_at(day) {
            KcStage::OutOfSeason => return None,
            KcStage::Initial => self.kc_ini,
            KcStage::Development => {
                self.kc_ini + (day - self.l_ini_d) / self.l_dev_d * (self.kc_mid - self.kc_ini)
            }
            KcStage::MidSeason => self.kc_mid,
            KcStage::LateSeason => {
                self.kc_mid + (day - e_mid) / self.l_late_d * (self.kc_end - self.kc_mid)
            }
        })
    }

    /// The same curve with another initial coefficient: used to build a basal-like curve whose
    /// initial value is the bare-soil Kc,min (see [`crate::crop::cover::cover_frac_on_kc_curve`]).
    pub fn with_kc_ini(&self, kc_ini: f64) -> KcCurve {
        KcCurve { kc_ini, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bean() -> KcCurve {
        KcCurve {
            kc_ini: 0.15,
            kc_mid: 1.19,
            kc_end: 0.35,
            l_ini_d: 25.0,
            l_dev_d: 25.0,
            l_mid_d: 30.0,
            l_late_d: 20.0,
        }
    }

    #[test]
    fn stages_and_ends() {
        let c = bean();
        assert_eq!(c.season_length_d(), 100.0);
        assert_eq!(c.stage_at(-1.0), KcStage::OutOfSeason);
        assert_eq!(c.stage_at(25.0), KcStage::Initial);
        assert_eq!(c.stage_at(25.5), KcStage::Development);
        assert_eq!(c.stage_at(100.0), KcStage::LateSeason);
        assert_eq!(c.kc_at(100.5), None);
        // Continuity at stage boundaries (FAO-56 Fig. 25 is a continuous polyline).
        assert!((c.kc_at(50.0).unwrap() - 1.19).abs() < 1e-12);
        assert!((c.kc_at(100.0).unwrap() - 0.35).abs() < 1e-12);
    }
}
