//! The forcing of a column run: daily amounts (from an explicit series, or from weather through
//! ET0 and a [`split::PotentialSplit`]) plus irrigation rules on top, turned into the constant-rate
//! pieces that `aralkum_core::column::Column::advance` takes.

pub mod from_weather;
pub mod series;
pub mod split;

use aralkum_core::column::Forcing;

/// Amounts over one day (d-1, d] (cm; concentration in g/L).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DayForcing {
    /// Precipitation (cm).
    pub precip_cm: f64,
    /// Irrigation (cm).
    pub irrigation_cm: f64,
    /// Concentration of that irrigation water (g/L).
    pub irrigation_salt_g_l: f64,
    /// Potential soil evaporation (cm).
    pub pot_evap_cm: f64,
    /// Potential transpiration (cm).
    pub pot_transp_cm: f64,
}

/// `[[irrigation]]`: `depth_cm` of water at `salt_g_l`, applied evenly over one day starting at
/// `start_d`, `start_d + every_d`, ... while the start is before `end_d`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IrrigationRule {
    /// Days between the starts of applications (>= 1).
    pub every_d: f64,
    /// Depth of each application (cm).
    pub depth_cm: f64,
    /// Concentration (g/L).
    pub salt_g_l: f64,
    /// Start of the first application (d).
    pub start_d: f64,
    /// No application starts at or after this time (d).
    pub end_d: f64,
}

/// Length of one application of an irrigation rule (d).
pub const APPLICATION_D: f64 = 1.0;

impl IrrigationRule {
    /// Start of application `k` if it exists.
    fn start_of(&self, k: u64) -> Option<f64> {
        let s = self.start_d + self.every_d * k as f64;
        (s < self.end_d).then_some(s)
    }

    /// Irrigation rate (cm/d) over a piece starting at `t` (pieces never straddle the start or
    /// end of an application).
    fn rate_at(&self, t: f64) -> f64 {
        if t < self.start_d - 1e-12 {
            return 0.0;
        }
        let k = ((t - self.start_d) / self.every_d + 1e-9).floor().max(0.0) as u64;
        match self.start_of(k) {
            Some(s) if t >= s - 1e-9 && t < s + APPLICATION_D - 1e-9 => {
                self.depth_cm / APPLICATION_D
            }
            _ => 0.0,
        }
    }

    /// Starts and ends of applications strictly inside (t0, t1).
    fn cuts(&self, t0: f64, t1: f64, out: &mut Vec<f64>) {
        let first = ((t0 - APPLICATION_D - self.start_d) / self.every_d)
            .floor()
            .max(0.0) as u64;
        let mut k = first;
        while let Some(s) = self.start_of(k) {
            if s > t1 {
                break;
            }
            for c in [s, s + APPLICATION_D] {
                if c > t0 && c < t1 {
                    out.push(c);
                }
            }
            k += 1;
        }
    }
}

/// All the forcing of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForcingSchedule {
    /// Day d (from 1) at index d-1; beyond the end the amounts are zero (the validator makes
    /// sure a given series covers the run).
    pub days: Vec<DayForcing>,
    /// Rules on top of the daily amounts.
    pub rules: Vec<IrrigationRule>,
    /// Concentration of rain (g/L).
    pub precip_salt_g_l: f64,
    /// Rooting depth (cm), 0 without a plant.
    pub root_depth_cm: f64,
    /// Rooting depth of each day (cm) when it grows (index d-1); when empty, `root_depth_cm`
    /// holds throughout.
    pub root_depth_by_day_cm: Vec<f64>,
    /// Reference evapotranspiration of each day (cm) when the forcing came from weather (index
    /// d-1); empty for an explicit series.
    pub et0_cm: Vec<f64>,
}

impl ForcingSchedule {
    /// Times strictly inside (t0, t1) where a rate changes: day boundaries and the starts and
    /// ends of irrigation applications.
    pub fn cuts(&self, t0: f64, t1: f64) -> Vec<f64> {
        let mut out = Vec::new();
        let mut d = t0.floor() + 1.0;
        while d < t1 {
            if d > t0 {
                out.push(d);
            }
            d += 1.0;
        }
        for r in &self.rules {
            r.cuts(t0, t1, &mut out);
        }
        out.sort_by(f64::total_cmp);
        out.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        out.retain(|&c| c - t0 > 1e-9 && t1 - c > 1e-9);
        out
    }

    /// Rates over a piece starting at `t` (no rate changes inside the piece).
    pub fn rates_at(&self, t: f64) -> Forcing {
        // The day (d-1, d] that holds the piece [t, ...).
        let index = (t + 1e-9).floor().max(0.0) as usize;
        let day = self.days.get(index).copied().unwrap_or_default();
        let mut irrigation = day.irrigation_cm;
        let mut salt = day.irrigation_cm * day.irrigation_salt_g_l;
        for r in &self.rules {
            let rate = r.rate_at(t);
            irrigation += rate;
            salt += rate * r.salt_g_l;
        }
        Forcing {
            precip_cm_d: day.precip_cm,
            irrigation_cm_d: irrigation,
            irrigation_salt_g_l: if irrigation > 0.0 {
                salt / irrigation
            } else {
                0.0
            },
            precip_salt_g_l: self.precip_salt_g_l,
            pot_evap_cm_d: day.pot_evap_cm,
            pot_transp_cm_d: day.pot_transp_cm,
            root_depth_cm: self
                .root_depth_by_day_cm
                .get(index)
                .copied()
                .unwrap_or(self.root_depth_cm),
        }
    }

    /// The constant-rate pieces `(length_d, forcing)` covering [t0, t1].
    pub fn pieces(&self, t0: f64, t1: f64) -> Vec<(f64, Forcing)> {
        let mut bounds = vec![t0];
        bounds.extend(self.cuts(t0, t1));
        bounds.push(t1);
        bounds
            .windows(2)
            .map(|w| (w[1] - w[0], self.rates_at(w[0])))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cut_at_days_and_applications() {
        let s = ForcingSchedule {
            days: vec![
                DayForcing {
                    precip_cm: 1.0,
                    ..Default::default()
                },
                DayForcing {
                    irrigation_cm: 2.0,
                    irrigation_salt_g_l: 1.0,
                    ..Default::default()
                },
            ],
            rules: vec![IrrigationRule {
                every_d: 3.0,
                depth_cm: 2.0,
                salt_g_l: 3.0,
                start_d: 1.5,
                end_d: 10.0,
            }],
            precip_salt_g_l: 0.0,
            root_depth_cm: 0.0,
            ..Default::default()
        };
        let p = s.pieces(0.0, 3.0);
        let lengths: Vec<f64> = p.iter().map(|x| x.0).collect();
        assert_eq!(lengths, vec![1.0, 0.5, 0.5, 0.5, 0.5]);
        assert_eq!(p[0].1.precip_cm_d, 1.0);
        assert_eq!(p[1].1.irrigation_cm_d, 2.0);
        // Day 2 with the rule: 2 + 2 cm/d at the flow-weighted concentration 2 g/L.
        assert_eq!(p[2].1.irrigation_cm_d, 4.0);
        assert!((p[2].1.irrigation_salt_g_l - 2.0).abs() < 1e-12);
        assert_eq!(p[3].1.irrigation_cm_d, 2.0);
        assert_eq!(p[4].1.irrigation_cm_d, 0.0);
        // The second application starts at 4.5.
        let total: f64 = s
            .pieces(0.0, 10.0)
            .iter()
            .map(|(dt, f)| dt * f.irrigation_cm_d)
            .sum();
        assert!((total - (2.0 + 3.0 * 2.0)).abs() < 1e-9);
    }
}
