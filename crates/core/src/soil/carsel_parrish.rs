//! Carsel & Parrish (1988) class-average van Genuchten-Mualem parameters for the twelve USDA
//! texture classes.
//!
//! Carsel, R.F. & Parrish, R.S. (1988), "Developing joint probability distributions of soil water
//! retention characteristics", *Water Resources Research* 24(5):755-769, Table 3 (means of
//! theta_r, theta_s, alpha, n and Ks by texture class, from about 15 700 US soil records). These are
//! the values of the HYDRUS-1D soil catalogue (Simunek et al., HYDRUS-1D manual, "Soil catalog"),
//! with Ks converted from cm/h to cm/d (x 24) and the pore connectivity l = 0.5 of Mualem (1976).
//!
//! # Units
//! theta in cm3/cm3, alpha in 1/cm, Ks in cm/d.

use super::texture::TextureClass;
use super::VanGenuchtenMualem;

/// Mualem's (1976) pore-connectivity parameter used with the class averages.
pub const CARSEL_PARRISH_L: f64 = 0.5;

/// Class-average van Genuchten-Mualem parameters of `class` (Carsel & Parrish 1988, Table 3;
/// HYDRUS-1D soil catalogue), with l = 0.5.
///
/// ```
/// use aralkum_core::soil::{carsel_parrish, TextureClass};
/// let sl = carsel_parrish(TextureClass::SandyLoam);
/// assert_eq!((sl.theta_r, sl.theta_s, sl.alpha_per_cm, sl.n), (0.065, 0.41, 0.075, 1.89));
/// assert!((sl.ks_cm_d - 106.1).abs() < 1e-9);
/// ```
pub fn carsel_parrish(class: TextureClass) -> VanGenuchtenMualem {
    // (theta_r, theta_s, alpha 1/cm, n, Ks cm/d)
    let (theta_r, theta_s, alpha_per_cm, n, ks_cm_d) = match class {
        TextureClass::Sand => (0.045, 0.43, 0.145, 2.68, 712.8),
        TextureClass::LoamySand => (0.057, 0.41, 0.124, 2.28, 350.2),
        TextureClass::SandyLoam => (0.065, 0.41, 0.075, 1.89, 106.1),
        TextureClass::Loam => (0.078, 0.43, 0.036, 1.56, 24.96),
        TextureClass::Silt => (0.034, 0.46, 0.016, 1.37, 6.0),
        TextureClass::SiltLoam => (0.067, 0.45, 0.020, 1.41, 10.8),
        TextureClass::SandyClayLoam => (0.100, 0.39, 0.059, 1.48, 31.44),
        TextureClass::ClayLoam => (0.095, 0.41, 0.019, 1.31, 6.24),
        TextureClass::SiltyClayLoam => (0.089, 0.43, 0.010, 1.23, 1.68),
        TextureClass::SandyClay => (0.100, 0.38, 0.027, 1.23, 2.88),
        TextureClass::SiltyClay => (0.070, 0.36, 0.005, 1.09, 0.48),
        TextureClass::Clay => (0.068, 0.38, 0.008, 1.09, 4.8),
    };
    VanGenuchtenMualem {
        theta_r,
        theta_s,
        alpha_per_cm,
        n,
        ks_cm_d,
        l: CARSEL_PARRISH_L,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soil::HydraulicFunctions;

    /// The loam row as printed in Carsel & Parrish (1988) Table 3 in cm/h (Ks 1.04 cm/h) and as
    /// used in HYDRUS-1D's catalogue: Ks 24.96 cm/d = 1.04 x 24.
    #[test]
    fn loam_row_and_units() {
        let loam = carsel_parrish(TextureClass::Loam);
        assert!((loam.ks_cm_d - 1.04 * 24.0).abs() < 1e-12);
        assert_eq!(loam.n, 1.56);
    }

    /// Every class is a valid soil: 0 <= theta_r < theta_s < 1, n > 1, alpha and Ks positive,
    /// and the finer classes hold more water at -15000 cm than sand.
    #[test]
    fn all_classes_are_physical() {
        let sand_wp = carsel_parrish(TextureClass::Sand).theta(-15000.0);
        for class in TextureClass::ALL {
            let p = carsel_parrish(class);
            assert!(0.0 <= p.theta_r && p.theta_r < p.theta_s && p.theta_s < 1.0);
            assert!(p.n > 1.0 && p.alpha_per_cm > 0.0 && p.ks_cm_d > 0.0);
            if class != TextureClass::Sand {
                assert!(p.theta(-15000.0) > sand_wp, "{class}");
            }
        }
    }
}
