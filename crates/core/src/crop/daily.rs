//! One day of a species: crop coefficient, cover, potential evaporation and transpiration and
//! rooting depth, combining [`super::kc`], [`super::cover`], [`super::split`] and
//! [`super::roots`]. This is what a scenario runner asks each day to build the column forcing.

use super::cover::{cover_frac_on_kc_curve, kcb_sparse_eq98};
use super::params::{Canopy, RootGrowth, SpeciesParams};
use super::roots::{root_depth_annual_cm, root_depth_perennial_cm};
use super::split::{split_etc_by_cover, split_sparse_shrub, PotentialSplit};

/// Days per year used to turn days of a season into fractional years for perennials.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// One day's plant quantities.
///
/// # Units
/// `split` in cm/d, `root_depth_cm` in cm; `kc` and `cover_frac` dimensionless.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DailyPotential {
    /// True when the plant grows (inside the Kc curve's season or the shrub's active season).
    pub in_season: bool,
    /// (Ep + Tp) / ET0 of the day.
    pub kc: f64,
    /// Fraction of ground covered by the canopy.
    pub cover_frac: f64,
    /// Potential evaporation and transpiration.
    pub split: PotentialSplit,
    /// Rooting depth.
    pub root_depth_cm: f64,
}

/// The plant's day `day_of_season` days after this year's sowing or season start, in year
/// `years_since_planting` (0 in the planting year; whole years completed before this season).
///
/// Crops: Kc from the FAO-56 curve, ETc = Kc ET0 (FAO-56 eq. 58), cover by FAO-56 eq. 76, split
/// Tp = fc ETc. Outside their season (before sowing, after harvest) the soil is bare and its
/// potential evaporation is Kc,max ET0 (FAO-56 eq. 71 with Kcb = 0, Kr = 1 and few = 1).
/// Shrubs: cover from the years since planting, split by the dual coefficients (see
/// [`super::split`]); no transpiration outside the active season.
///
/// # Units
/// `et0_cm_d` cm/d; `day_of_season` d; `years_since_planting` years; `kc_max` from FAO-56 eq. 72
/// ([`super::cover::KC_MAX_STANDARD`] = 1.2 in a standard climate).
pub fn daily_potential(
    p: &SpeciesParams,
    et0_cm_d: f64,
    day_of_season: f64,
    years_since_planting: f64,
    kc_max: f64,
) -> DailyPotential {
    let years = years_since_planting + day_of_season.max(0.0) / DAYS_PER_YEAR;
    let root_depth_cm = match p.roots.growth {
        RootGrowth::Days(d) => {
            root_depth_annual_cm(p.roots.min_cm, p.roots.max_cm, d, day_of_season)
        }
        RootGrowth::Years(y) => root_depth_perennial_cm(p.roots.min_cm, p.roots.max_cm, y, years),
    };
    match p.canopy {
        Canopy::KcCurve(curve) => match curve.kc_at(day_of_season) {
            Some(kc) => {
                let fc = cover_frac_on_kc_curve(&curve, day_of_season, p.max_height_m, kc_max);
                DailyPotential {
                    in_season: true,
                    kc,
                    cover_frac: fc,
                    split: split_etc_by_cover(kc * et0_cm_d, fc),
                    root_depth_cm,
                }
            }
            None => DailyPotential {
                in_season: false,
                kc: kc_max,
                cover_frac: 0.0,
                split: PotentialSplit {
                    evap_pot_cm_d: kc_max * et0_cm_d,
                    transp_pot_cm_d: 0.0,
                },
                root_depth_cm,
            },
        },
        Canopy::CoverCurve {
            cover,
            kcb_full,
            active_season_d,
        } => {
            let fc = cover.cover_frac_at(years);
            let active = (0.0..=active_season_d).contains(&day_of_season);
            let split = split_sparse_shrub(et0_cm_d, fc, p.max_height_m, kcb_full, kc_max, active);
            let kc = if et0_cm_d > 0.0 {
                split.total_cm_d() / et0_cm_d
            } else {
                // No demand: report the coefficients themselves.
                let kt = if active {
                    kcb_sparse_eq98(0.0, kcb_full, fc, p.max_height_m)
                } else {
                    0.0
                };
                kt + (kc_max - kt).min((1.0 - fc) * kc_max).max(0.0)
            };
            DailyPotential {
                in_season: active,
                kc,
                cover_frac: fc,
                split,
                root_depth_cm,
            }
        }
    }
}
