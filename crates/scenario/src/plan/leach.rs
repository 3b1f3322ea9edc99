//! Step (a) of a plan: the reclamation leaching before planting.
//!
//! The depth of water needed to bring the top [`RECLAIM_DEPTH_CM`] of soil from its initial ECe
//! to a candidate's target ECe is Hoffman's (1980) Dw = k Ds ECe_0 / ECe_t
//! ([`leaching_depth_cm`]), with k = 0.1 for intermittent application (any texture) and, when
//! the top layer's texture is known, k of ponded leaching for comparison ([`hoffman_k`]).
//! The plan leaches for the most salt-sensitive candidate that needs it, with no more water
//! than one year's volume, in intermittent applications of at most [`APPLICATION_CM`] every
//! [`APPLICATION_INTERVAL_D`] days that end on the last day of the water season (autumn
//! leaching, the practice of the region), and simulates it on bare soil up to the next season,
//! when planting starts. What the simulated leaching reached is reported beside the target.

use super::site::{Site, RECLAIM_DEPTH_CM};
use super::strategies::{application_rate_cm_d, target_ece_ds_m};
use super::years::PlanDay;
use crate::species::Species;
use aralkum_core::column::{Column, Forcing, Profile};
use aralkum_core::crop::cover::KC_MAX_STANDARD;
use aralkum_core::reclaim::{hoffman_k, leaching_depth_cm, LeachingMethod};
use aralkum_core::soil::TextureClass;

/// Largest depth of one leaching application (cm): Hoffman's intermittent trials used 5-15 cm.
pub const APPLICATION_CM: f64 = 10.0;
/// Days between leaching applications.
pub const APPLICATION_INTERVAL_D: usize = 7;

/// Water needed to leach the topsoil of `site` to the target of `sp`.
///
/// # Units
/// cm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeachingNeed {
    /// Target root-zone ECe (dS/m).
    pub target_ece_ds_m: f64,
    /// Intermittent application (k = 0.1), cm.
    pub intermittent_cm: f64,
    /// Ponded application, when the top texture is known (cm).
    pub ponded_cm: Option<f64>,
}

/// Hoffman (1980) depths for species `sp` on `site`.
pub fn leaching_need(site: &Site, sp: &Species) -> LeachingNeed {
    let target = target_ece_ds_m(&sp.params);
    let ece0 = site.initial_root_zone_ece_ds_m;
    // Intermittent k does not depend on texture; any class gives 0.1.
    let k_int = hoffman_k(TextureClass::Loam, LeachingMethod::Intermittent);
    let depth = |k: f64| leaching_depth_cm(ece0, target, RECLAIM_DEPTH_CM, k).unwrap_or(0.0);
    LeachingNeed {
        target_ece_ds_m: target,
        intermittent_cm: depth(k_int),
        ponded_cm: site
            .top_texture
            .map(|t| depth(hoffman_k(t, LeachingMethod::Ponded))),
    }
}

/// What the reclamation leaching needs and what its simulation reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Reclamation {
    /// Initial ECe of the top [`RECLAIM_DEPTH_CM`] (dS/m).
    pub initial_ece_ds_m: f64,
    /// The candidate leached for (the most sensitive one that needs leaching), if any.
    pub target_species: Option<String>,
    /// Its target ECe (dS/m).
    pub target_ece_ds_m: f64,
    /// Water needed, intermittent (cm).
    pub needed_intermittent_cm: f64,
    /// Water needed, ponded, when the texture is known (cm).
    pub needed_ponded_cm: Option<f64>,
    /// Water applied (cm): the need, at most one year's volume.
    pub applied_cm: f64,
    /// Number of applications.
    pub applications: usize,
    /// Salt of the water (g/L).
    pub water_salt_g_l: f64,
    /// ECe of the top [`RECLAIM_DEPTH_CM`] at planting, after the leaching and the winter (dS/m).
    pub final_ece_ds_m: f64,
    /// Lowest ECe of the top layer during the run (dS/m), right after the last application.
    pub lowest_ece_ds_m: f64,
    /// Topsoil ECe over the run: (day counted back from planting, negative; dS/m).
    pub ece_series: Vec<(f64, f64)>,
    /// Drainage out of the column during the run (cm).
    pub drainage_cm: f64,
    /// The profile at planting.
    pub profile: Profile,
}

impl Reclamation {
    /// True when the simulated leaching brought the topsoil to its target.
    pub fn reached_target(&self) -> bool {
        self.lowest_ece_ds_m <= self.target_ece_ds_m
    }
}

/// Plans and simulates the reclamation leaching for `candidates` on `site`; `year0` is the
/// weather of the year before planting, from the water season start.
pub fn reclaim(
    site: &Site,
    candidates: &[Species],
    year0: &[PlanDay],
) -> Result<Reclamation, String> {
    let mut column = Column::new(&site.column).map_err(|e| e.to_string())?;
    let ece0 = site.initial_root_zone_ece_ds_m;
    let mut rec = Reclamation {
        initial_ece_ds_m: ece0,
        target_species: None,
        target_ece_ds_m: f64::INFINITY,
        needed_intermittent_cm: 0.0,
        needed_ponded_cm: None,
        applied_cm: 0.0,
        applications: 0,
        water_salt_g_l: site.water.salt_g_l,
        final_ece_ds_m: ece0,
        lowest_ece_ds_m: ece0,
        ece_series: Vec::new(),
        drainage_cm: 0.0,
        profile: column.profile(),
    };
    for sp in candidates {
        let need = leaching_need(site, sp);
        if need.intermittent_cm > rec.needed_intermittent_cm {
            rec.needed_intermittent_cm = need.intermittent_cm;
            rec.needed_ponded_cm = need.ponded_cm;
            rec.target_ece_ds_m = need.target_ece_ds_m;
            rec.target_species = Some(sp.id.clone());
        }
    }
    if rec.target_species.is_none() {
        rec.target_ece_ds_m = candidates
            .iter()
            .map(|s| target_ece_ds_m(&s.params))
            .fold(f64::INFINITY, f64::min);
        return Ok(rec);
    }
    rec.applied_cm = rec.needed_intermittent_cm.min(site.water.volume_cm());
    if rec.applied_cm <= 0.0 {
        return Ok(rec);
    }
    rec.applications = (rec.applied_cm / APPLICATION_CM).ceil().max(1.0) as usize;
    let each_cm = rec.applied_cm / rec.applications as f64;
    let season_end = site.water.season_length_d() as usize - 1;
    // Applications every APPLICATION_INTERVAL_D days, the last on the last day of the season;
    // each is taken in at most at the soil's application rate, the rest the following days.
    let rate_cm_d = application_rate_cm_d(&site.column);
    let first = season_end.saturating_sub(APPLICATION_INTERVAL_D * (rec.applications - 1));
    let application_days: Vec<usize> = (0..rec.applications)
        .map(|j| season_end.saturating_sub(APPLICATION_INTERVAL_D * j))
        .collect();
    let days = &year0[first.min(year0.len())..];
    let n = days.len() as f64;
    let mut pending_cm = 0.0;
    for (d, day) in days.iter().enumerate() {
        pending_cm += each_cm * application_days.iter().filter(|&&a| a == first + d).count() as f64;
        let irrigation_cm = pending_cm.min(rate_cm_d);
        pending_cm -= irrigation_cm;
        let forcing = Forcing {
            precip_cm_d: day.precip_cm,
            irrigation_cm_d: irrigation_cm,
            irrigation_salt_g_l: site.water.salt_g_l,
            precip_salt_g_l: 0.0,
            pot_evap_cm_d: KC_MAX_STANDARD * day.et0_cm,
            pot_transp_cm_d: 0.0,
            root_depth_cm: 0.0,
        };
        let f = column.advance(1.0, &forcing).map_err(|e| {
            format!(
                "the reclamation leaching failed on day {} after its start: {e}",
                d + 1
            )
        })?;
        rec.drainage_cm += f.drainage_cm;
        let ece = column.root_zone_ece_ds_m(RECLAIM_DEPTH_CM);
        rec.lowest_ece_ds_m = rec.lowest_ece_ds_m.min(ece);
        rec.ece_series.push((d as f64 + 1.0 - n, ece));
    }
    rec.final_ece_ds_m = column.root_zone_ece_ds_m(RECLAIM_DEPTH_CM);
    rec.profile = column.profile();
    Ok(rec)
}
