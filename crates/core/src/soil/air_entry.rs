//! van Genuchten-Mualem with an air-entry value (Vogel, van Genuchten & Cislerova 2001).
//!
//! For n < 2 the Mualem conductivity of van Genuchten (1980) has an infinite slope at saturation:
//! with n = 1.09 it falls to a quarter of Ks within 0.05 cm of suction. The modification moves
//! saturation to a small air-entry head h_s < 0 (HYDRUS-1D offers h_s = -2 cm) and rescales the
//! curves below it so that they reach their saturated values there (Vogel et al. 2001, eq. 13-16,
//! with theta_a = theta_r, theta_k = theta_s, K_k = Ks; the HYDRUS-1D manual, Simunek et al. 2008,
//! eq. 2.28-2.30):
//!
//! Se(h) = Se_vg(h) / Se_vg(h_s), K(h) = Ks K_vg(h) / K_vg(h_s), for h < h_s;
//! theta = theta_s, K = Ks for h >= h_s,
//!
//! where Se_vg and K_vg are the unmodified functions (van Genuchten 1980 eq. 3 and 8; the ratio
//! of the Mualem brackets and of Se^l is the ratio of the conductivities). With h_s = 0 the model
//! is van Genuchten-Mualem exactly.

use super::mean_conductivity::van_genuchten_mean_conductivity;
use super::{HydraulicFunctions, VanGenuchtenMualem};

/// van Genuchten-Mualem parameters with an air-entry head.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VanGenuchtenAirEntry {
    vg: VanGenuchtenMualem,
    air_entry_cm: f64,
    /// Se_vg(h_s) (1 when h_s = 0).
    se_entry: f64,
    /// K_vg(h_s) (cm/d; Ks when h_s = 0).
    k_entry_cm_d: f64,
}

impl VanGenuchtenAirEntry {
    /// The model of `vg` with air-entry head `air_entry_cm` (<= 0 cm; 0 is `vg` itself).
    ///
    /// # Panics
    /// Never: a positive or non-finite head is taken as 0 here; the scenario layer rejects it
    /// before it gets here.
    pub fn new(vg: VanGenuchtenMualem, air_entry_cm: f64) -> VanGenuchtenAirEntry {
        let h_s = if air_entry_cm.is_finite() && air_entry_cm < 0.0 {
            air_entry_cm
        } else {
            0.0
        };
        VanGenuchtenAirEntry {
            vg,
            air_entry_cm: h_s,
            se_entry: vg.effective_saturation(h_s),
            k_entry_cm_d: vg.conductivity_cm_d(h_s),
        }
    }

    /// The unmodified van Genuchten-Mualem parameters.
    pub fn van_genuchten(&self) -> &VanGenuchtenMualem {
        &self.vg
    }

    /// Air-entry head h_s (cm, <= 0).
    pub fn air_entry_cm(&self) -> f64 {
        self.air_entry_cm
    }

    /// Factor from the unmodified effective saturation to the modified one, 1 / Se_vg(h_s).
    pub fn saturation_scale(&self) -> f64 {
        1.0 / self.se_entry
    }

    /// Effective saturation of the unmodified soil at the air-entry head, Se_vg(h_s) (1 when
    /// h_s = 0), by which the modified Se and C are divided (Vogel et al. 2001, eq. 14).
    pub fn entry_effective_saturation(&self) -> f64 {
        self.se_entry
    }

    /// Factor from the unmodified conductivity to the modified one, Ks / K_vg(h_s).
    pub fn conductivity_scale(&self) -> f64 {
        self.vg.ks_cm_d / self.k_entry_cm_d
    }

    fn plain(&self) -> bool {
        self.air_entry_cm == 0.0
    }
}

impl HydraulicFunctions for VanGenuchtenAirEntry {
    fn theta(&self, h_cm: f64) -> f64 {
        if self.plain() {
            return self.vg.theta(h_cm);
        }
        if h_cm >= self.air_entry_cm {
            return self.vg.theta_s;
        }
        let se = self.vg.effective_saturation(h_cm) / self.se_entry;
        self.vg.theta_r + (self.vg.theta_s - self.vg.theta_r) * se
    }

    fn conductivity_cm_d(&self, h_cm: f64) -> f64 {
        if self.plain() {
            return self.vg.conductivity_cm_d(h_cm);
        }
        if h_cm >= self.air_entry_cm {
            return self.vg.ks_cm_d;
        }
        self.vg.conductivity_cm_d(h_cm) * self.conductivity_scale()
    }

    fn capacity_per_cm(&self, h_cm: f64) -> f64 {
        if self.plain() {
            return self.vg.capacity_per_cm(h_cm);
        }
        if h_cm >= self.air_entry_cm {
            return 0.0;
        }
        self.vg.capacity_per_cm(h_cm) / self.se_entry
    }

    fn head_cm(&self, theta: f64) -> f64 {
        if self.plain() {
            return self.vg.head_cm(theta);
        }
        let se = (theta - self.vg.theta_r) / (self.vg.theta_s - self.vg.theta_r);
        if se >= 1.0 {
            return 0.0;
        }
        self.vg
            .head_cm_from_effective_saturation(se * self.se_entry)
            .min(self.air_entry_cm)
    }

    /// Integral mean of K between `h_a` and `h_b`: Ks over the part wetter than h_s, the
    /// rescaled van Genuchten-Mualem mean over the rest.
    fn mean_conductivity_cm_d(&self, h_a: f64, h_b: f64) -> f64 {
        if self.plain() {
            return van_genuchten_mean_conductivity(&self.vg, h_a, h_b);
        }
        let (lo, hi) = if h_a <= h_b { (h_a, h_b) } else { (h_b, h_a) };
        let h_s = self.air_entry_cm;
        if lo >= h_s {
            return self.vg.ks_cm_d;
        }
        let span = hi - lo;
        if span <= 0.0 {
            return self.conductivity_cm_d(lo);
        }
        let top = hi.min(h_s);
        let unsat = van_genuchten_mean_conductivity(&self.vg, lo, top)
            * (top - lo)
            * self.conductivity_scale();
        let sat = self.vg.ks_cm_d * (hi - top);
        (unsat + sat) / span
    }

    fn theta_s(&self) -> f64 {
        self.vg.theta_s
    }

    fn theta_r(&self) -> f64 {
        self.vg.theta_r
    }

    fn ks_cm_d(&self) -> f64 {
        self.vg.ks_cm_d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Carsel & Parrish (1988) clay, the soil whose n = 1.09 motivates the modification.
    fn clay() -> VanGenuchtenMualem {
        VanGenuchtenMualem {
            theta_r: 0.068,
            theta_s: 0.38,
            alpha_per_cm: 0.008,
            n: 1.09,
            ks_cm_d: 4.8,
            l: 0.5,
        }
    }

    #[test]
    fn zero_air_entry_is_van_genuchten_exactly() {
        let vg = clay();
        let m = VanGenuchtenAirEntry::new(vg, 0.0);
        for h in [-1e6, -1e3, -10.0, -0.05, -1e-6, 0.0, 3.0] {
            assert_eq!(m.theta(h), vg.theta(h));
            assert_eq!(m.conductivity_cm_d(h), vg.conductivity_cm_d(h));
            assert_eq!(m.capacity_per_cm(h), vg.capacity_per_cm(h));
        }
    }

    #[test]
    fn saturated_from_the_air_entry_head_and_continuous_there() {
        // theta and K reach theta_s and Ks at h_s from below (to 1e-9 relative at 1e-9 cm).
        let m = VanGenuchtenAirEntry::new(clay(), -2.0);
        assert_eq!(m.theta(-1.0), 0.38);
        assert_eq!(m.conductivity_cm_d(-1.0), 4.8);
        assert_eq!(m.capacity_per_cm(-1.0), 0.0);
        let below = -2.0 - 1e-9;
        assert!((m.theta(below) - 0.38).abs() < 1e-9);
        assert!((m.conductivity_cm_d(below) / 4.8 - 1.0).abs() < 1e-6);
        // Far from h_s the conductivity is the unmodified one times Ks / K_vg(h_s).
        let vg = clay();
        let scale = 4.8 / vg.conductivity_cm_d(-2.0);
        assert!(
            (m.conductivity_cm_d(-500.0) / (vg.conductivity_cm_d(-500.0) * scale) - 1.0).abs()
                < 1e-12
        );
    }

    #[test]
    fn removes_the_steep_conductivity_drop_at_saturation() {
        // Vogel et al. (2001): with n = 1.09 the unmodified K falls to about a quarter of Ks
        // within 0.05 cm of suction; with h_s = -2 cm it stays within a few percent of Ks
        // 0.05 cm below h_s.
        let vg = clay();
        assert!(vg.conductivity_cm_d(-0.05) < 0.3 * vg.ks_cm_d);
        let m = VanGenuchtenAirEntry::new(vg, -2.0);
        assert!(m.conductivity_cm_d(-2.05) > 0.9 * vg.ks_cm_d);
    }

    #[test]
    fn capacity_is_the_derivative_of_theta_and_head_inverts_theta() {
        // Central differences to 1e-6 relative; the inverse to 1e-8 relative.
        let m = VanGenuchtenAirEntry::new(clay(), -2.0);
        for h in [-2.5f64, -10.0, -150.0, -3000.0, -1e5] {
            let d = 1e-5 * h.abs();
            let numeric = (m.theta(h + d) - m.theta(h - d)) / (2.0 * d);
            let c = m.capacity_per_cm(h);
            assert!(
                (c - numeric).abs() <= 1e-6 * c.abs(),
                "h {h}: {c} vs {numeric}"
            );
            let back = m.head_cm(m.theta(h));
            assert!((back - h).abs() <= 1e-8 * h.abs(), "h {h}: {back}");
        }
    }

    #[test]
    fn mean_conductivity_splits_at_the_air_entry_head() {
        // Across h_s: Ks over the wet part plus the rescaled mean below; checked against a
        // midpoint sum of 200 000 panels to 1e-4 relative.
        let m = VanGenuchtenAirEntry::new(clay(), -2.0);
        for (a, b) in [(-50.0, 1.0), (-3.0, -1.0), (-400.0, -20.0), (-1.0, 0.5)] {
            let panels = 200_000;
            let w = (b - a) / panels as f64;
            let sum: f64 = (0..panels)
                .map(|k| m.conductivity_cm_d(a + (k as f64 + 0.5) * w))
                .sum();
            let numeric = sum * w / (b - a);
            let got = m.mean_conductivity_cm_d(a, b);
            assert!(
                (got / numeric - 1.0).abs() < 1e-4,
                "{a}..{b}: {got} vs {numeric}"
            );
        }
    }
}
