//! Continuous pedotransfer function: van Genuchten-Mualem parameters from clay, silt, organic
//! matter and bulk density, after Wosten et al. (1999), the HYPRES continuous equations.
//!
//! Wosten, J.H.M., Lilly, A., Nemes, A. & Le Bas, C. (1999), "Development and use of a database
//! of hydraulic properties of European soils", *Geoderma* 90:169-185, table 4 (continuous
//! pedotransfer functions fitted to the 4030 horizons of the HYPRES database).
//!
//! Why HYPRES and not Rosetta: the HYPRES functions are a published closed form (five regression
//! equations printed in the paper), so they are implemented here from the paper alone, need no
//! network weights or data files, and take bulk density and organic matter, which field teams
//! on the Aral seabed measure. Rosetta (Schaap et al. 2001) would need its bootstrap neural
//! network weights. The two are different models; the test of this module compares them only as
//! a plausibility check.
//!
//! With C = clay %, S = silt %, OM = organic matter %, D = bulk density (g/cm3) and
//! topsoil = 1 for a topsoil, 0 for a subsoil, the equations are
//!
//! ```text
//! theta_s = 0.7919 + 0.001691 C - 0.29619 D - 0.000001491 S^2 + 0.0000821 OM^2
//!           + 0.02427 / C + 0.01113 / S + 0.01472 ln S - 0.0000733 OM C - 0.000619 D C
//!           - 0.001183 D OM - 0.0001664 topsoil S
//! alpha*  = -14.96 + 0.03135 C + 0.0351 S + 0.646 OM + 15.29 D - 0.192 topsoil - 4.671 D^2
//!           - 0.000781 C^2 - 0.00687 OM^2 + 0.0449 / OM + 0.0663 ln S + 0.1482 ln OM
//!           - 0.04546 D S - 0.4852 D OM + 0.00673 topsoil C
//! n*      = -25.23 - 0.02195 C + 0.0074 S - 0.1940 OM + 45.5 D - 7.24 D^2 + 0.0003658 C^2
//!           + 0.002885 OM^2 - 12.81 / D - 0.1524 / S - 0.01958 / OM - 0.2876 ln S
//!           - 0.0709 ln OM - 44.6 ln D - 0.02264 D C + 0.0896 D OM + 0.00718 topsoil C
//! l*      = 0.0202 + 0.0006193 C^2 - 0.001136 OM^2 - 0.2316 ln OM - 0.03544 D C
//!           + 0.00283 D S + 0.0488 D OM
//! Ks*     = 7.755 + 0.0352 S + 0.93 topsoil - 0.967 D^2 - 0.000484 C^2 - 0.000322 S^2
//!           + 0.001 / S - 0.0748 / OM - 0.643 ln S - 0.01398 D C - 0.1673 D OM
//!           + 0.02986 topsoil C - 0.03305 topsoil S
//! alpha = exp(alpha*) (1/cm), n = exp(n*) + 1, l = 10 (exp(l*) - 1) / (1 + exp(l*)),
//! Ks = exp(Ks*) (cm/d)
//! ```
//!
//! The continuous functions predict no residual water content; the parameters were fitted with
//! theta_r fixed, and theta_r = 0 is used here (the HYPRES class functions of the same paper use
//! 0.025 for coarse and 0.010 for other soils; the difference matters only in very dry soil).
//!
//! # Units
//! Fractions in % by mass, bulk density in g/cm3, alpha in 1/cm, Ks in cm/d.

use super::texture::{TextureClass, TextureError};
use super::VanGenuchtenMualem;
use std::fmt;

/// The soil properties the HYPRES continuous functions take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PedotransferInput {
    /// Sand 0.05-2 mm (% by mass); enters only the check that the fractions sum to 100.
    pub sand_pct: f64,
    /// Silt 0.002-0.05 mm (% by mass), > 0 (the equations hold ln S and 1/S).
    pub silt_pct: f64,
    /// Clay < 0.002 mm (% by mass), > 0 (the equations hold 1/C).
    pub clay_pct: f64,
    /// Dry bulk density (g/cm3), > 0.
    pub bulk_density_g_cm3: f64,
    /// Organic matter (% by mass), > 0 (the equations hold ln OM and 1/OM).
    pub organic_matter_pct: f64,
    /// Whether the horizon is a topsoil (the equations' "topsoil" qualifier).
    pub topsoil: bool,
}

/// Why the pedotransfer function cannot be evaluated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PedotransferError {
    /// The fractions are invalid (see [`TextureError`]).
    Texture(TextureError),
    /// A quantity that the equations divide by or take the logarithm of is not positive.
    NotPositive {
        /// Which input (`silt_pct`, `clay_pct`, `organic_matter_pct`, `bulk_density_g_cm3`).
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// The equations give a saturated water content outside (0, 1): the inputs are far outside
    /// the HYPRES data (bulk density above about 2.5 g/cm3, for example).
    OutsideCalibration {
        /// The predicted theta_s.
        theta_s: f64,
    },
}

impl fmt::Display for PedotransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PedotransferError::Texture(e) => write!(f, "{e}"),
            PedotransferError::NotPositive { name, value } => {
                write!(f, "{name} = {value} must be > 0 for the HYPRES equations")
            }
            PedotransferError::OutsideCalibration { theta_s } => write!(
                f,
                "the HYPRES equations give theta_s = {theta_s}: inputs outside their calibration"
            ),
        }
    }
}

impl std::error::Error for PedotransferError {}

/// The van Genuchten-Mualem parameters predicted by the HYPRES continuous functions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HypresParameters {
    /// Residual water content (cm3/cm3), 0 by construction (see the module notes).
    pub theta_r: f64,
    /// Saturated water content (cm3/cm3).
    pub theta_s: f64,
    /// alpha (1/cm).
    pub alpha_per_cm: f64,
    /// n (> 1).
    pub n: f64,
    /// Pore connectivity l (between -10 and 10 by the form of its equation).
    pub l: f64,
    /// Saturated conductivity (cm/d).
    pub ks_cm_d: f64,
}

impl HypresParameters {
    /// The predicted parameters as a van Genuchten-Mualem soil, with the predicted l.
    pub fn van_genuchten(&self) -> VanGenuchtenMualem {
        VanGenuchtenMualem {
            theta_r: self.theta_r,
            theta_s: self.theta_s,
            alpha_per_cm: self.alpha_per_cm,
            n: self.n,
            ks_cm_d: self.ks_cm_d,
            l: self.l,
        }
    }
}

/// Wosten et al. (1999) HYPRES continuous pedotransfer functions (Geoderma 90:169-185, table 4;
/// the equations are written out in the module documentation).
///
/// # Units
/// See [`PedotransferInput`]; the result has alpha in 1/cm and Ks in cm/d.
pub fn wosten_1999(input: &PedotransferInput) -> Result<HypresParameters, PedotransferError> {
    TextureClass::from_fractions(input.sand_pct, input.silt_pct, input.clay_pct)
        .map_err(PedotransferError::Texture)?;
    for (name, value) in [
        ("silt_pct", input.silt_pct),
        ("clay_pct", input.clay_pct),
        ("organic_matter_pct", input.organic_matter_pct),
        ("bulk_density_g_cm3", input.bulk_density_g_cm3),
    ] {
        if !(value > 0.0 && value.is_finite()) {
            return Err(PedotransferError::NotPositive { name, value });
        }
    }
    let c = input.clay_pct;
    let s = input.silt_pct;
    let om = input.organic_matter_pct;
    let d = input.bulk_density_g_cm3;
    let top = if input.topsoil { 1.0 } else { 0.0 };

    let theta_s = 0.7919 + 0.001691 * c - 0.29619 * d - 0.000001491 * s * s
        + 0.0000821 * om * om
        + 0.02427 / c
        + 0.01113 / s
        + 0.01472 * s.ln()
        - 0.0000733 * om * c
        - 0.000619 * d * c
        - 0.001183 * d * om
        - 0.0001664 * top * s;
    if !(theta_s > 0.0 && theta_s < 1.0) {
        return Err(PedotransferError::OutsideCalibration { theta_s });
    }

    let alpha_star = -14.96 + 0.03135 * c + 0.0351 * s + 0.646 * om + 15.29 * d
        - 0.192 * top
        - 4.671 * d * d
        - 0.000781 * c * c
        - 0.00687 * om * om
        + 0.0449 / om
        + 0.0663 * s.ln()
        + 0.1482 * om.ln()
        - 0.04546 * d * s
        - 0.4852 * d * om
        + 0.00673 * top * c;

    let n_star = -25.23 - 0.02195 * c + 0.0074 * s - 0.1940 * om + 45.5 * d - 7.24 * d * d
        + 0.0003658 * c * c
        + 0.002885 * om * om
        - 12.81 / d
        - 0.1524 / s
        - 0.01958 / om
        - 0.2876 * s.ln()
        - 0.0709 * om.ln()
        - 44.6 * d.ln()
        - 0.02264 * d * c
        + 0.0896 * d * om
        + 0.00718 * top * c;

    let l_star =
        0.0202 + 0.0006193 * c * c - 0.001136 * om * om - 0.2316 * om.ln() - 0.03544 * d * c
            + 0.00283 * d * s
            + 0.0488 * d * om;

    let ks_star =
        7.755 + 0.0352 * s + 0.93 * top - 0.967 * d * d - 0.000484 * c * c - 0.000322 * s * s
            + 0.001 / s
            - 0.0748 / om
            - 0.643 * s.ln()
            - 0.01398 * d * c
            - 0.1673 * d * om
            + 0.02986 * top * c
            - 0.03305 * top * s;

    // l = 10 (e^l* - 1)/(1 + e^l*) = 10 tanh(l*/2), which cannot overflow.
    let l = 10.0 * (0.5 * l_star).tanh();
    Ok(HypresParameters {
        theta_r: 0.0,
        theta_s,
        alpha_per_cm: alpha_star.exp(),
        n: n_star.exp() + 1.0,
        l,
        ks_cm_d: ks_star.exp(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(sand: f64, silt: f64, clay: f64, om: f64, d: f64, top: bool) -> PedotransferInput {
        PedotransferInput {
            sand_pct: sand,
            silt_pct: silt,
            clay_pct: clay,
            bulk_density_g_cm3: d,
            organic_matter_pct: om,
            topsoil: top,
        }
    }

    /// Reference: the worked example of the `euosi` R package (`pFpara_ptf_Wosten1999`, clay 25,
    /// silt 15, OM 4.5 %, topsoil, bulk density 1.124447 g/cm3 as printed), an independent
    /// implementation of the same equations: theta_s 0.5098983, alpha 0.05413231 /cm, n 1.169909.
    /// Tolerance 2e-6 relative: the example prints seven significant digits and its bulk
    /// density is itself rounded to seven.
    #[test]
    fn matches_independent_implementation() {
        let p = wosten_1999(&input(60.0, 15.0, 25.0, 4.5, 1.124447, true)).unwrap();
        for (got, want) in [
            (p.theta_s, 0.5098983),
            (p.alpha_per_cm, 0.05413231),
            (p.n, 1.169909),
        ] {
            assert!(((got - want) / want).abs() < 2e-6, "{got} vs {want}");
        }
    }

    #[test]
    fn rejects_what_the_equations_cannot_take() {
        assert!(matches!(
            wosten_1999(&input(80.0, 0.0, 20.0, 1.0, 1.4, false)),
            Err(PedotransferError::NotPositive {
                name: "silt_pct",
                ..
            })
        ));
        assert!(matches!(
            wosten_1999(&input(60.0, 20.0, 20.0, 0.0, 1.4, false)),
            Err(PedotransferError::NotPositive {
                name: "organic_matter_pct",
                ..
            })
        ));
        assert!(matches!(
            wosten_1999(&input(60.0, 20.0, 10.0, 1.0, 1.4, false)),
            Err(PedotransferError::Texture(TextureError::SumNot100 { .. }))
        ));
        assert!(matches!(
            wosten_1999(&input(40.0, 40.0, 20.0, 1.0, 3.0, false)),
            Err(PedotransferError::OutsideCalibration { .. })
        ));
    }

    /// Denser soil holds less water at saturation and conducts less (HYPRES theta_s falls with
    /// D; Ks* has the -0.967 D^2 term).
    #[test]
    fn denser_soil_is_tighter() {
        let loose = wosten_1999(&input(40.0, 40.0, 20.0, 1.0, 1.3, false)).unwrap();
        let dense = wosten_1999(&input(40.0, 40.0, 20.0, 1.0, 1.6, false)).unwrap();
        assert!(dense.theta_s < loose.theta_s);
        assert!(dense.ks_cm_d < loose.ks_cm_d);
    }
}
