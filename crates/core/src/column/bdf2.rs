//! The variable-step two-step backward differentiation formula of the fast path's time steps.

/// Coefficients of one step of the variable-step second-order backward differentiation formula
/// (BDF2; Hairer & Wanner 1996, section III.5, eq. 5.7 with two steps), written as a backward
/// Euler step from a shifted start so that the whole iteration machinery serves both:
///
/// W^{n+1} - W^n - beta (W^n - W^{n-1}) = alpha dt F(h^{n+1}),
///
/// with omega = dt / dt_prev, alpha = (1 + omega) / (1 + 2 omega), beta = omega^2 / (1 + 2
/// omega). The step solves backward Euler with step alpha dt from the storage W^n + beta (W^n -
/// W^{n-1}). Since W^n - W^{n-1} is the last step's booked fluxes times dt_prev, the new step's
/// storage change equals dt times the blend alpha F^{n+1} + (1 - alpha) F_booked^{n} of every
/// flux (alpha + beta / omega = 1), which is what is booked: the water balance stays exact
/// and each flux is a convex combination of rates. BDF2 is A-stable and zero-stable for omega
/// below 1 + sqrt 2 (Grigorieff 1983); the step grows by at most 2.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bdf2 {
    pub(super) alpha: f64,
    pub(super) beta: f64,
}

impl Bdf2 {
    /// Backward Euler (the first step, and every step after a change of forcing).
    pub(super) const EULER: Bdf2 = Bdf2 {
        alpha: 1.0,
        beta: 0.0,
    };

    /// The coefficients for a step `dt` after a step `dt_prev`.
    pub(super) fn after(dt: f64, dt_prev: f64) -> Bdf2 {
        let omega = dt / dt_prev;
        Bdf2 {
            alpha: (1.0 + omega) / (1.0 + 2.0 * omega),
            beta: omega * omega / (1.0 + 2.0 * omega),
        }
    }

    /// The booked rate: the new step's `rate` blended with the last step's `booked` one.
    pub(super) fn blend(self, rate: f64, booked: f64) -> f64 {
        if self.beta == 0.0 {
            rate
        } else {
            self.alpha * rate + (1.0 - self.alpha) * booked
        }
    }
}
