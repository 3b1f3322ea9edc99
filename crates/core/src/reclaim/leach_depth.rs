//! Depth of water to leach a saline profile down to a target salinity.
//!
//! Hoffman (1980), "Salt tolerance of crops" and "Leaching" in Jensen (ed.), *Design and
//! Operation of Farm Irrigation Systems*, ASAE Monograph 3, generalising Reeve et al. (1955) and
//! Reeve (1957): the depth of water that must pass through a soil depth Ds to bring its mean
//! salinity from ECe_0 to ECe_t is
//!
//! ```text
//! Dw / Ds = k / (ECe_t / ECe_0)
//! ```
//!
//! with k a leaching-efficiency constant of the soil and of the way water is applied: about 0.3
//! for continuous ponding of clay loams and other medium and fine soils, 0.1 for continuous
//! ponding of sandy loams and coarser soils (Reeve's field data), and 0.1 for intermittent ponding
//! or sprinkling, which moves water through the finer pores and so displaces salt with about a
//! third of the water (Hoffman 1980; the same curves appear in FAO-29, Ayers & Westcot 1985,
//! section 5 and its leaching figure, and in Hoffman 1986, *J. Irrig. Drain. Eng.* 112:1-14). The
//! relation was fitted for ECe_t / ECe_0 between about 0.1 and 0.8; it is applied here outside
//! that range too, which overstates the precision of very deep reclamation leaching. The k values
//! were taken from secondary accounts and could not be re-read in the original for this project.
//!
//! # Units
//! ECe in dS/m; depths in cm.

use super::ReclaimError;
use crate::soil::TextureClass;

/// How leaching water is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LeachingMethod {
    /// Water kept ponded on the surface until the depth has infiltrated.
    Ponded,
    /// Water applied in separate pondings (or by sprinkler) with drying between them.
    Intermittent,
}

impl LeachingMethod {
    /// Snake-case name: `ponded`, `intermittent`.
    pub fn name(self) -> &'static str {
        match self {
            LeachingMethod::Ponded => "ponded",
            LeachingMethod::Intermittent => "intermittent",
        }
    }
}

/// Hoffman's (1980) leaching constant k for a texture class and method (see the module notes):
/// ponded 0.1 for sand, loamy sand and sandy loam, 0.3 for finer classes; intermittent 0.1.
pub fn hoffman_k(class: TextureClass, method: LeachingMethod) -> f64 {
    match method {
        LeachingMethod::Intermittent => 0.1,
        LeachingMethod::Ponded => match class {
            TextureClass::Sand | TextureClass::LoamySand | TextureClass::SandyLoam => 0.1,
            _ => 0.3,
        },
    }
}

/// Depth of water (cm) to leach `soil_depth_cm` of soil from `ece_initial_ds_m` to
/// `ece_target_ds_m`: Dw = k Ds ECe_0 / ECe_t (Hoffman 1980). Zero when the soil is already at
/// or below the target.
///
/// # Units
/// ECe in dS/m, `soil_depth_cm` and the result in cm, `k` dimensionless.
pub fn leaching_depth_cm(
    ece_initial_ds_m: f64,
    ece_target_ds_m: f64,
    soil_depth_cm: f64,
    k: f64,
) -> Result<f64, ReclaimError> {
    for (name, value, allow_zero) in [
        ("ece_initial_ds_m", ece_initial_ds_m, true),
        ("ece_target_ds_m", ece_target_ds_m, false),
        ("soil_depth_cm", soil_depth_cm, true),
        ("k", k, false),
    ] {
        let ok = value.is_finite() && (value > 0.0 || (allow_zero && value == 0.0));
        if !ok {
            return Err(ReclaimError::OutOfRange { name, value });
        }
    }
    if ece_initial_ds_m <= ece_target_ds_m {
        return Ok(0.0);
    }
    Ok(k * soil_depth_cm * ece_initial_ds_m / ece_target_ds_m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reeve's rule of thumb behind k = 0.3: one depth of water per depth of clay-loam soil
    /// under ponding removes about 70 % of the salt (ECe_t / ECe_0 = 0.3).
    #[test]
    fn one_depth_removes_seventy_percent() {
        let k = hoffman_k(TextureClass::ClayLoam, LeachingMethod::Ponded);
        let dw = leaching_depth_cm(20.0, 6.0, 100.0, k).unwrap();
        assert!((dw - 100.0).abs() < 1e-9);
        // Intermittent needs a third of the water on the same soil.
        let ki = hoffman_k(TextureClass::ClayLoam, LeachingMethod::Intermittent);
        let dwi = leaching_depth_cm(20.0, 6.0, 100.0, ki).unwrap();
        assert!((dw / dwi - 3.0).abs() < 1e-12);
        assert_eq!(leaching_depth_cm(3.0, 4.0, 100.0, k), Ok(0.0));
        assert!(leaching_depth_cm(20.0, 0.0, 100.0, k).is_err());
    }
}
