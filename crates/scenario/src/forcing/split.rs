//! Splitting reference evapotranspiration ET0 into potential soil evaporation and potential
//! transpiration: the seam where a species' crop-coefficient curve plugs in.
//!
//! FAO-56 (Allen et al. 1998, ch. 6-7) writes crop evapotranspiration as ETc = Kc ET0 and splits it
//! by the canopy's ground cover; what the soil surface can lose is its own coefficient times the
//! bare fraction. Until the species module supplies a Kc curve with stage lengths, two splits
//! exist: [`BareSoil`] and [`CoverSplit`] (constant or ramped cover from the scenario).

/// Potential amounts over one day (cm).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Potentials {
    /// Potential soil evaporation (cm).
    pub evaporation_cm: f64,
    /// Potential transpiration (cm).
    pub transpiration_cm: f64,
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
