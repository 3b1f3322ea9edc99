//! Gardner (1958) exponential model: K = Ks exp(alpha h), Se = exp(alpha h).
//!
//! The exponential retention with the same alpha is the form used by Srivastava & Yeh (1991) for
//! their analytical infiltration solution (their eq. 2-3).

use super::HydraulicFunctions;

/// Gardner exponential parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GardnerExponential {
    /// Residual water content (cm3/cm3).
    pub theta_r: f64,
    /// Saturated water content (cm3/cm3).
    pub theta_s: f64,
    /// Sorptive number alpha (1/cm).
    pub alpha_per_cm: f64,
    /// Saturated conductivity (cm/d).
    pub ks_cm_d: f64,
}

impl GardnerExponential {
    /// Effective saturation Se = exp(alpha h) for h < 0, 1 above (Gardner 1958 exponential
    /// retention as used by Srivastava & Yeh 1991, eq. 3).
    pub fn effective_saturation(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            1.0
        } else {
            (self.alpha_per_cm * h_cm).exp()
        }
    }
}

impl HydraulicFunctions for GardnerExponential {
    fn theta(&self, h_cm: f64) -> f64 {
        let se = self.effective_saturation(h_cm);
        self.theta_r + (self.theta_s - self.theta_r) * se
    }

    fn conductivity_cm_d(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            self.ks_cm_d
        } else {
            self.ks_cm_d * (self.alpha_per_cm * h_cm).exp()
        }
    }

    fn capacity_per_cm(&self, h_cm: f64) -> f64 {
        if h_cm >= 0.0 {
            0.0
        } else {
            self.alpha_per_cm * (self.theta_s - self.theta_r) * (self.alpha_per_cm * h_cm).exp()
        }
    }

    fn head_cm(&self, theta: f64) -> f64 {
        let se = (theta - self.theta_r) / (self.theta_s - self.theta_r);
        if se >= 1.0 {
            0.0
        } else if se <= 0.0 {
            f64::NEG_INFINITY
        } else {
            se.ln() / self.alpha_per_cm
        }
    }

    fn mean_conductivity_cm_d(&self, h_a: f64, h_b: f64) -> f64 {
        super::mean_conductivity::gardner_mean_conductivity(self, h_a, h_b)
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
