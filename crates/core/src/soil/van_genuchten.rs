//! van Genuchten (1980) retention with Mualem (1976) conductivity.
//!
//! Se(h) = [1 + (alpha |h|)^n]^-m, m = 1 - 1/n (van Genuchten 1980, eq. 3 and 21);
//! K(h) = Ks Se^l [1 - (1 - Se^(1/m))^m]^2 (eq. 8 with Mualem's pore-connectivity l).
//! The forms below avoid the cancellation of the textbook forms near saturation and at very
//! large suction, so they are accurate for any n > 1 and h from 0 to -1e7 cm.

use super::HydraulicFunctions;

/// van Genuchten-Mualem parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VanGenuchtenMualem {
    /// Residual water content (cm3/cm3).
    pub theta_r: f64,
    /// Saturated water content (cm3/cm3).
    pub theta_s: f64,
    /// Inverse air-entry parameter alpha (1/cm).
    pub alpha_per_cm: f64,
    /// Pore-size distribution parameter n (> 1); m = 1 - 1/n.
    pub n: f64,
    /// Saturated conductivity (cm/d).
    pub ks_cm_d: f64,
    /// Pore connectivity l (Mualem 1976; 0.5 by default).
    pub l: f64,
}

impl VanGenuchtenMualem {
    /// m = 1 - 1/n (Mualem restriction, van Genuchten 1980 eq. 21).
    pub fn m(&self) -> f64 {
        1.0 - 1.0 / self.n
    }

    /// Effective saturation Se = (theta - theta_r)/(theta_s - theta_r) at head `h_cm`
    /// (van Genuchten 1980, eq. 3).
    pub fn effective_saturation(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            return 1.0;
        }
        // Se = exp(-m ln(1 + (alpha|h|)^n)), with ln_1p for accuracy near saturation.
        let x = (self.alpha_per_cm * -h_cm).powf(self.n);
        (-self.m() * x.ln_1p()).exp()
    }

    /// 1 - Se at head `h_cm`, accurate where Se is close to 1 (where `1 - effective_saturation`
    /// would lose every digit): 1 - Se = -expm1(-m ln(1 + (alpha|h|)^n)) (van Genuchten 1980,
    /// eq. 3).
    pub fn effective_saturation_deficit(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            return 0.0;
        }
        let x = (self.alpha_per_cm * -h_cm).powf(self.n);
        -(-self.m() * x.ln_1p()).exp_m1()
    }

    /// Pressure head (cm) at effective saturation `se`, the inverse of
    /// [`effective_saturation`](Self::effective_saturation): h = -(1/alpha) (Se^(-1/m) - 1)^(1/n)
    /// (van Genuchten 1980, eq. 3 solved for h). 0 for `se >= 1`, minus infinity for `se <= 0`.
    pub fn head_cm_from_effective_saturation(&self, se: f64) -> f64 {
        if se >= 1.0 {
            return 0.0;
        }
        if se <= 0.0 {
            return f64::NEG_INFINITY;
        }
        // Se^(-1/m) - 1 = expm1(-ln(Se)/m): exact for Se near 1, where the textbook form cancels.
        let inner = (-se.ln() / self.m()).exp_m1();
        -inner.powf(1.0 / self.n) / self.alpha_per_cm
    }

    /// Relative conductivity K/Ks at effective saturation `se` (Mualem 1976 with
    /// van Genuchten 1980 eq. 8).
    pub fn relative_conductivity_from_se(&self, se: f64) -> f64 {
        if se >= 1.0 {
            return 1.0;
        }
        if se <= 0.0 {
            return 0.0;
        }
        let m = self.m();
        // y = Se^(1/m); 1 - (1 - y)^m = -expm1(m ln(1 - y)), exact when y is tiny.
        let y = (se.ln() / m).exp();
        let bracket = -(m * (-y).ln_1p()).exp_m1();
        se.powf(self.l) * bracket * bracket
    }
}

impl HydraulicFunctions for VanGenuchtenMualem {
    fn theta(&self, h_cm: f64) -> f64 {
        // Measured from the nearer end, so that theta keeps full precision (and stays within
        // [theta_r, theta_s]) both near saturation and at very large suction.
        let spread = self.theta_s - self.theta_r;
        let se = self.effective_saturation(h_cm);
        if se < 0.5 {
            self.theta_r + spread * se
        } else {
            self.theta_s - spread * self.effective_saturation_deficit(h_cm)
        }
    }

    fn conductivity_cm_d(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            return self.ks_cm_d;
        }
        // Se^(1/m) = 1 / (1 + (alpha|h|)^n) exactly, which avoids a pow round trip.
        let m = self.m();
        let x = (self.alpha_per_cm * -h_cm).powf(self.n);
        let ln_1px = x.ln_1p();
        let se = (-m * ln_1px).exp();
        let y = (-ln_1px).exp();
        let bracket = -(m * (-y).ln_1p()).exp_m1();
        self.ks_cm_d * se.powf(self.l) * bracket * bracket
    }

    fn capacity_per_cm(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            return 0.0;
        }
        // dtheta/dh = (theta_s - theta_r) m n alpha (alpha|h|)^(n-1) [1 + (alpha|h|)^n]^(-m-1)
        let m = self.m();
        let ah = self.alpha_per_cm * -h_cm;
        let x_over_ah = ah.powf(self.n - 1.0);
        let x = x_over_ah * ah;
        (self.theta_s - self.theta_r)
            * m
            * self.n
            * self.alpha_per_cm
            * x_over_ah
            * (-(m + 1.0) * x.ln_1p()).exp()
    }

    fn head_cm(&self, theta: f64) -> f64 {
        let se = (theta - self.theta_r) / (self.theta_s - self.theta_r);
        self.head_cm_from_effective_saturation(se)
    }

    fn mean_conductivity_cm_d(&self, h_a: f64, h_b: f64) -> f64 {
        super::mean_conductivity::van_genuchten_mean_conductivity(self, h_a, h_b)
    }
    fn theta_s(&self) -> f64 {
        self.theta_s
    }
    fn theta_r(&self) -> f64 {
        self.theta_r
    }
    fn ks_cm_d(&self) -> f64 {
        self.ks_cm_d
    }
}
