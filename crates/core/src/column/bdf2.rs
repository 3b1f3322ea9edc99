//! The variable-step two-step backward differentiation formula of the fast path's time steps.

/// Largest ratio of consecutive steps at which [`Bdf2::third`] is used.
pub(super) const BDF3_MAX_RATIO: f64 = 1.5;

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
///
/// The same form serves the three-step formula (BDF3, [`Bdf2::third`]) with a second history
/// term: W^{n+1} - W^n - beta (W^n - W^{n-1}) - gamma (W^{n-1} - W^{n-2}) = alpha dt F(h^{n+1}).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bdf2 {
    pub(super) alpha: f64,
    pub(super) beta: f64,
    /// Weight of the step before the last (BDF3 only; 0 for BDF2 and backward Euler).
    pub(super) gamma: f64,
}

impl Bdf2 {
    /// Backward Euler (the first step, and every step after a change of forcing).
    pub(super) const EULER: Bdf2 = Bdf2 {
        alpha: 1.0,
        beta: 0.0,
        gamma: 0.0,
    };

    /// The coefficients for a step `dt` after a step `dt_prev`.
    pub(super) fn after(dt: f64, dt_prev: f64) -> Bdf2 {
        let omega = dt / dt_prev;
        Bdf2 {
            alpha: (1.0 + omega) / (1.0 + 2.0 * omega),
            beta: omega * omega / (1.0 + 2.0 * omega),
            gamma: 0.0,
        }
    }

    /// The coefficients of the variable-step three-step formula (BDF3) for a step `dt` after
    /// steps `dt_prev` and `dt_prev2` (Hairer, Norsett & Wanner 1993, section III.5: the
    /// derivative at t_{n+1} of the polynomial through the four storages). With t measured from
    /// t_{n+1} and nodes tau_0 = 0, tau_1 = -dt, tau_2 = -(dt + dt_prev), tau_3 = -(dt + dt_prev +
    /// dt_prev2), the Lagrange basis derivatives at 0 are l_0 = sum_k 1 / (0 - tau_k) and l_j =
    /// prod_{k != 0, j} (0 - tau_k) / prod_{k != j} (tau_j - tau_k); the formula sum_j l_j W_j =
    /// F gives alpha = 1 / (dt l_0), and with c_j = -l_j / l_0 (c_1 + c_2 + c_3 = 1), beta =
    /// -(c_2 + c_3), gamma = -c_3. Exact on linear storage, so alpha + beta dt_prev / dt + gamma
    /// dt_prev2 / dt = 1 and the booked rates stay a blend with weights summing to one. Used
    /// only with step ratios of at most [`BDF3_MAX_RATIO`], inside the zero-stability bound of
    /// variable-step BDF3 (ratios below about 2.55, Li & Liao 2022, arXiv:2201.00527).
    pub(super) fn third(dt: f64, dt_prev: f64, dt_prev2: f64) -> Bdf2 {
        let tau = [0.0, -dt, -(dt + dt_prev), -(dt + dt_prev + dt_prev2)];
        let l0: f64 = tau[1..].iter().map(|&t| -1.0 / t).sum();
        let basis = |j: usize| -> f64 {
            let (mut num, mut den) = (1.0, 1.0);
            for (k, &tk) in tau.iter().enumerate() {
                if k != j {
                    den *= tau[j] - tk;
                    if k != 0 {
                        num *= -tk;
                    }
                }
            }
            num / den
        };
        let (c2, c3) = (-basis(2) / l0, -basis(3) / l0);
        Bdf2 {
            alpha: 1.0 / (dt * l0),
            beta: -(c2 + c3),
            gamma: -c3,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// BDF3 integrates a cubic exactly: y = t^3, y' = 3 t^2, with uneven steps.
    #[test]
    fn third_order_formula_is_exact_on_cubics() {
        let (d2, d1, dt) = (0.3, 0.4, 0.5);
        let t = [0.0, d2, d2 + d1, d2 + d1 + dt];
        let y = |t: f64| t * t * t + 2.0 * t - 1.0;
        let f = |t: f64| 3.0 * t * t + 2.0;
        let b = Bdf2::third(dt, d1, d2);
        let lhs = y(t[3]) - y(t[2]) - b.beta * (y(t[2]) - y(t[1])) - b.gamma * (y(t[1]) - y(t[0]));
        let rhs = b.alpha * dt * f(t[3]);
        assert!((lhs - rhs).abs() < 1e-12, "{lhs} vs {rhs}");
        // Weights of the booked rates sum to one.
        let sum = b.alpha + b.beta * d1 / dt + b.gamma * d2 / dt;
        assert!((sum - 1.0).abs() < 1e-14, "{sum}");
        // Equal steps: the textbook 11/6 y' dt = 3 y_n ... form, alpha = 6/11.
        let e = Bdf2::third(1.0, 1.0, 1.0);
        assert!((e.alpha - 6.0 / 11.0).abs() < 1e-15 && (e.beta - 7.0 / 11.0).abs() < 1e-15);
        assert!((e.gamma + 2.0 / 11.0).abs() < 1e-15);
    }
}
