//! Conductivity between two nodes: the integral (Kirchhoff) mean
//! K_e = 1/(h_b - h_a) * integral_{h_a}^{h_b} K(h) dh.
//!
//! Where the head changes by far more than the node spacing (the dry surface under evaporation,
//! a sharp wetting front) gravity is negligible within the element and the steady flux between
//! the nodes is exactly K_e (h_b - h_a) / dz, whereas the arithmetic mean used by HYDRUS-1D
//! overestimates it by orders of magnitude and makes evaporation from a water table grid
//! dependent (Szymkiewicz 2009, Adv. Water Resour. 32:1256; Belfort et al. 2013, J. Hydrol.
//! 488:143). Where the heads are close the integral mean equals the arithmetic mean to second
//! order, so the scheme keeps HYDRUS's behaviour on smooth profiles.

use super::{GardnerExponential, HydraulicFunctions, VanGenuchtenMualem};

/// Gauss-Legendre nodes and weights on [-1, 1], 8 points (Abramowitz & Stegun 1964, table 25.4).
const GAUSS_X: [f64; 8] = [
    -0.960_289_856_497_536_3,
    -0.796_666_477_413_626_7,
    -0.525_532_409_916_329,
    -0.183_434_642_495_649_8,
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_3,
];
const GAUSS_W: [f64; 8] = [
    0.101_228_536_290_376_3,
    0.222_381_034_453_374_5,
    0.313_706_645_877_887_3,
    0.362_683_783_378_362,
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_5,
    0.101_228_536_290_376_3,
];

/// Integral-mean conductivity (cm/d) of a van Genuchten-Mualem soil between heads `h_a`, `h_b`.
pub fn van_genuchten_mean_conductivity(soil: &VanGenuchtenMualem, h_a: f64, h_b: f64) -> f64 {
    integral_mean(|h| soil.conductivity_cm_d(h), soil.ks_cm_d, h_a, h_b)
}

/// Integral-mean conductivity (cm/d) of a Gardner soil (closed form: the Kirchhoff potential
/// of K = Ks exp(alpha h) is K / alpha; Gardner 1958).
pub fn gardner_mean_conductivity(soil: &GardnerExponential, h_a: f64, h_b: f64) -> f64 {
    let (lo, hi) = if h_a <= h_b { (h_a, h_b) } else { (h_b, h_a) };
    let span = hi - lo;
    if span * soil.alpha_per_cm < 1e-6 {
        return soil.conductivity_cm_d(0.5 * (lo + hi));
    }
    // Potential Phi(h) = K(h)/alpha for h <= 0 and Ks/alpha + Ks h above.
    let phi = |h: f64| {
        if h <= 0.0 {
            soil.conductivity_cm_d(h) / soil.alpha_per_cm
        } else {
            soil.ks_cm_d / soil.alpha_per_cm + soil.ks_cm_d * h
        }
    };
    (phi(hi) - phi(lo)) / span
}

/// Integral mean of `k` between `h_a` and `h_b`, by Gauss-Legendre quadrature in ln|h| over the
/// unsaturated part (where K varies like a power or an exponential of h) and exactly (Ks) over
/// the saturated part.
fn integral_mean(k: impl Fn(f64) -> f64, ks: f64, h_a: f64, h_b: f64) -> f64 {
    let (lo, hi) = if h_a <= h_b { (h_a, h_b) } else { (h_b, h_a) };
    let span = hi - lo;
    let scale = 1.0 + lo.abs().min(hi.abs());
    if span <= 1e-3 * scale {
        // Close heads: the midpoint rule is exact to O(span^2) and avoids 0/0.
        return k(0.5 * (lo + hi));
    }
    let mut integral = 0.0;
    if hi > 0.0 {
        integral += ks * (hi - lo.max(0.0));
    }
    if lo < 0.0 {
        let top = hi.min(0.0);
        // Unsaturated part [lo, top]: with s = -h in [s_top, s_lo], s = exp(u).
        let s_lo = -lo;
        let s_top = (-top).max(1e-5 * s_lo).max(1e-9);
        if s_lo / s_top > 1.5 {
            let (u0, u1) = (s_top.ln(), s_lo.ln());
            // Panels of at most 1.5 in ln|h| keep the steep decay of K at high suction resolved.
            let panels = ((u1 - u0) / 1.5).ceil().max(1.0) as usize;
            let du = (u1 - u0) / panels as f64;
            for p in 0..panels {
                let a = u0 + p as f64 * du;
                for (x, w) in GAUSS_X.iter().zip(GAUSS_W) {
                    let u = a + 0.5 * du * (x + 1.0);
                    let s = u.exp();
                    integral += 0.5 * du * w * k(-s) * s;
                }
            }
            // The sliver between the top of the unsaturated part and s_top (tiny by construction).
            integral += k(top) * (s_top - (-top));
        } else {
            let half = 0.5 * (top - lo);
            for (x, w) in GAUSS_X.iter().zip(GAUSS_W) {
                integral += half * w * k(lo + half * (x + 1.0));
            }
        }
    }
    integral / span
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loam() -> VanGenuchtenMualem {
        VanGenuchtenMualem {
            theta_r: 0.078,
            theta_s: 0.43,
            alpha_per_cm: 0.036,
            n: 1.56,
            ks_cm_d: 24.96,
            l: 0.5,
        }
    }

    /// Reference: adaptive Simpson quadrature of K(h) written here independently (relative 1e-6);
    /// tolerance 1e-4 relative for the 8-point Gauss rule.
    #[test]
    fn matches_fine_quadrature() {
        let soil = loam();
        for &(a, b) in &[
            (-15000.0, -150.0),
            (-1000.0, -999.0),
            (-50.0, 10.0),
            (-3.0, -1.0),
            (-1e6, -1e4),
        ] {
            let n = 200_000;
            let h = (b - a) / n as f64;
            let mut sum = 0.0;
            for i in 0..n {
                let x0 = a + i as f64 * h;
                sum += (soil.conductivity_cm_d(x0)
                    + 4.0 * soil.conductivity_cm_d(x0 + 0.5 * h)
                    + soil.conductivity_cm_d(x0 + h))
                    * h
                    / 6.0;
            }
            let reference = sum / (b - a);
            let got = van_genuchten_mean_conductivity(&soil, a, b);
            assert!(
                ((got - reference) / reference).abs() < 1e-4,
                "[{a}, {b}]: {got} vs {reference}"
            );
        }
    }

    #[test]
    fn gardner_closed_form_and_limits() {
        let soil = GardnerExponential {
            theta_r: 0.05,
            theta_s: 0.4,
            alpha_per_cm: 0.05,
            ks_cm_d: 10.0,
        };
        let got = gardner_mean_conductivity(&soil, -15000.0, -165.0);
        let expected =
            (soil.conductivity_cm_d(-165.0) - soil.conductivity_cm_d(-15000.0)) / (0.05 * 14835.0);
        assert!((got - expected).abs() < 1e-15);
        let close = gardner_mean_conductivity(&soil, -100.0, -100.0 + 1e-9);
        assert!((close - soil.conductivity_cm_d(-100.0)).abs() < 1e-9);
    }
}
