//! Potential evaporation and potential transpiration from crop evapotranspiration and cover.
//!
//! Crops (single Kc curve): ETc = Kc ET0 (FAO-56 eq. 58) is divided by the fraction of ground the
//! canopy covers, Tp = fc ETc and Ep = (1 - fc) ETc. This is the Beer-Lambert partition of
//! Ritchie (1972) and Belmans et al. (1983), Tp = ETc (1 - exp(-k LAI)), as used by HYDRUS-1D and
//! SWAP, written with the intercepted fraction fc = 1 - exp(-k LAI) instead of the leaf area
//! index (see [`cover_frac_from_lai`]).
//!
//! Sparse shrubs (cover curve): the dual-coefficient form of FAO-56 ch. 7. Transpiration is the
//! canopy part of eq. 98, Tp = (Kcb,full min(1, 2 fc, fc^(1/(1+h)))) ET0 (eq. 98 with Kc,min = 0, so
//! that no cover means no transpiration), and evaporation from wet soil is FAO-56 eq. 71 with
//! Kr = 1 (potential) and the exposed wetted fraction few = 1 - fc (eq. 75 with fw = 1),
//! Ep = min(Kc,max - Kcb, few Kc,max) ET0.

use super::cover::kcb_sparse_eq98;

/// One day's (or one interval's) potential evaporation and transpiration.
///
/// # Units
/// cm/d (or cm over the interval, if the inputs were amounts).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PotentialSplit {
    /// Potential evaporation from the soil surface.
    pub evap_pot_cm_d: f64,
    /// Potential transpiration of the canopy.
    pub transp_pot_cm_d: f64,
}

impl PotentialSplit {
    /// Ep + Tp.
    pub fn total_cm_d(&self) -> f64 {
        self.evap_pot_cm_d + self.transp_pot_cm_d
    }
}

/// Beer-Lambert fraction of radiation intercepted by a canopy of leaf area index `lai` with
/// extinction coefficient `k` (Ritchie 1972; k about 0.4-0.6): fc = 1 - exp(-k LAI).
pub fn cover_frac_from_lai(lai: f64, k: f64) -> f64 {
    1.0 - (-k * lai.max(0.0)).exp()
}

/// Split crop evapotranspiration `etc_cm_d` by cover: Tp = fc ETc, Ep = (1 - fc) ETc
/// (Ritchie 1972; Belmans et al. 1983, with fc the intercepted fraction).
///
/// # Units
/// `etc_cm_d` cm/d; `cover_frac` in [0, 1] (clamped).
pub fn split_etc_by_cover(etc_cm_d: f64, cover_frac: f64) -> PotentialSplit {
    let fc = cover_frac.clamp(0.0, 1.0);
    PotentialSplit {
        evap_pot_cm_d: (1.0 - fc) * etc_cm_d,
        transp_pot_cm_d: fc * etc_cm_d,
    }
}

/// Potentials of a sparse shrub stand by the FAO-56 dual coefficients (eqs. 98, 71, 75; see the
/// module notes). `active` is false in the dormant season, when the stand does not transpire
/// but still shades the soil.
///
/// # Units
/// `et0_cm_d` cm/d; `cover_frac` in [0, 1]; `height_m` m; `kcb_full`, `kc_max` dimensionless.
pub fn split_sparse_shrub(
    et0_cm_d: f64,
    cover_frac: f64,
    height_m: f64,
    kcb_full: f64,
    kc_max: f64,
    active: bool,
) -> PotentialSplit {
    let fc = cover_frac.clamp(0.0, 1.0);
    let kt = if active {
        kcb_sparse_eq98(0.0, kcb_full, fc, height_m)
    } else {
        0.0
    };
    let ke = (kc_max - kt).min((1.0 - fc) * kc_max).max(0.0);
    PotentialSplit {
        evap_pot_cm_d: ke * et0_cm_d,
        transp_pot_cm_d: kt * et0_cm_d,
    }
}
