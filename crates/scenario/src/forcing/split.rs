//! Splitting reference evapotranspiration ET0 into potential soil evaporation and potential
//! transpiration: the seam where a species' crop-coefficient curve plugs in.
//!
//! FAO-56 (Allen et al. 1998, ch. 6-7) writes crop evapotranspiration as ETc = Kc ET0 and splits it
//! by the canopy's ground cover; what the soil surface can lose is its own coefficient times the
//! bare fraction. Three splits: [`BareSoil`], [`CoverSplit`] (constant or ramped cover given in
//! the scenario) and [`SpeciesSplit`] (a species' FAO-56 Kc curve or shrub cover curve from
//! `aralkum_core::crop`, which also grows the roots).

use aralkum_core::crop::{daily_potential, SpeciesParams};

/// Potential amounts over one day (cm), and the rooting depth when the split grows roots.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Potentials {
    /// Potential soil evaporation (cm).
    pub evaporation_cm: f64,
    /// Potential transpiration (cm).
    pub transpiration_cm: f64,
    /// Rooting depth of the day (cm), `None` when the split knows nothing of roots.
    pub root_depth_cm: Option<f64>,
}

/// Turns a day's ET0 into potential evaporation and transpiration.
pub trait PotentialSplit {
    /// The split for the day that ends at `day` (row `day = d` covers (d-1, d]); `et0_cm` is
    /// that day's reference evapotranspiration (cm).
    fn split(&self, day: u32, et0_cm: f64) -> Potentials;
}

/// Bare soil: potential evaporation = `kc_soil` x ET0, no transpiration. FAO-56 eq. 71 caps soil
/// evaporation at Kc_max ET0 with Kc_max about 1.05-1.2 for a wet surface; the default 1.0 treats
/// the bare soil like the reference surface, the usual choice of HYDRUS-1D users.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BareSoil {
    /// Soil evaporation coefficient.
    pub kc_soil: f64,
}

impl PotentialSplit for BareSoil {
    fn split(&self, _day: u32, et0_cm: f64) -> Potentials {
        Potentials {
            evaporation_cm: self.kc_soil * et0_cm,
            transpiration_cm: 0.0,
            root_depth_cm: None,
        }
    }
}

/// A canopy covering the fraction `f` of the ground: transpiration = `kc_plant` f ET0, soil
/// evaporation = `kc_soil` (1 - f) ET0 (FAO-56 ch. 7, partial cover; the same split HYDRUS-1D
/// makes with its soil-cover fraction).
#[derive(Clone, Debug, PartialEq)]
pub struct CoverSplit {
    /// Soil evaporation coefficient.
    pub kc_soil: f64,
    /// Crop coefficient of a full canopy.
    pub kc_plant: f64,
    /// Cover fraction (0-1) at days, linear between points, constant beyond the ends.
    pub cover: Vec<(f64, f64)>,
}

impl CoverSplit {
    /// Cover fraction at time `t_d`.
    pub fn cover_at(&self, t_d: f64) -> f64 {
        let p = &self.cover;
        match p.iter().position(|&(d, _)| d >= t_d) {
            None => p.last().map_or(0.0, |x| x.1),
            Some(0) => p[0].1,
            Some(k) => {
                let (d0, f0) = p[k - 1];
                let (d1, f1) = p[k];
                f0 + (f1 - f0) * (t_d - d0) / (d1 - d0)
            }
        }
    }
}

impl PotentialSplit for CoverSplit {
    fn split(&self, day: u32, et0_cm: f64) -> Potentials {
        let f = self.cover_at(f64::from(day) - 0.5);
        Potentials {
            evaporation_cm: self.kc_soil * (1.0 - f) * et0_cm,
            transpiration_cm: self.kc_plant * f * et0_cm,
            root_depth_cm: None,
        }
    }
}

/// A species of the table: Kc curve (crops, repeated every year from the season start) or shrub
/// cover over the years, with its rooting depth, through
/// [`aralkum_core::crop::daily_potential`]. Before the first season start the soil is bare.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeciesSplit {
    /// The species' parameters.
    pub params: SpeciesParams,
    /// Day of the run on which the (first) season starts: sowing or the shrub's spring (d).
    pub season_start_d: f64,
    /// FAO-56 eq. 72 upper limit of Kc after rain or irrigation.
    pub kc_max: f64,
}

/// Days of one yearly cycle of a species' season.
pub const SEASON_CYCLE_D: f64 = 365.0;

impl SpeciesSplit {
    /// Day of the current season and whole years since the first season start at time `t_d`;
    /// `None` before the first start.
    pub fn season_day(&self, t_d: f64) -> Option<(f64, f64)> {
        let since = t_d - self.season_start_d;
        if since < 0.0 {
            return None;
        }
        let years = (since / SEASON_CYCLE_D).floor();
        Some((since - years * SEASON_CYCLE_D, years))
    }
}

impl PotentialSplit for SpeciesSplit {
    fn split(&self, day: u32, et0_cm: f64) -> Potentials {
        match self.season_day(f64::from(day) - 0.5) {
            None => Potentials {
                evaporation_cm: self.kc_max * et0_cm,
                transpiration_cm: 0.0,
                root_depth_cm: Some(0.0),
            },
            Some((d, years)) => {
                let p = daily_potential(&self.params, et0_cm, d, years, self.kc_max);
                Potentials {
                    evaporation_cm: p.split.evap_pot_cm_d,
                    transpiration_cm: p.split.transp_pot_cm_d,
                    root_depth_cm: Some(if p.in_season { p.root_depth_cm } else { 0.0 }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_split_conserves_et_when_coefficients_are_one() {
        let s = CoverSplit {
            kc_soil: 1.0,
            kc_plant: 1.0,
            cover: vec![(0.0, 0.0), (10.0, 1.0)],
        };
        let p = s.split(6, 0.5);
        // Mid-day 5.5: cover 0.55.
        assert!((p.transpiration_cm - 0.275).abs() < 1e-12);
        assert!((p.evaporation_cm + p.transpiration_cm - 0.5).abs() < 1e-12);
        assert_eq!(s.cover_at(20.0), 1.0);
    }
}
