//! How the solver evaluates the soil's functions and controls its work.
//!
//! [`Accuracy::Fast`] (the default) uses tabulated van Genuchten-Mualem functions
//! ([`super::table`]) and the work-saving choices of the fast path; [`Accuracy::Reference`]
//! evaluates the closed forms of van Genuchten (1980) and the Gauss-quadrature integral-mean
//! conductivity at every use, as the solver did before it was made fast. Both give the same
//! answers to the tolerances stated in `tests/fast_path.rs`; the reference path is kept to show
//! that equivalence.

/// Choice between the fast path and the reference evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Accuracy {
    /// Tabulated hydraulic functions, Newton iteration (Picard when Newton fails on a step) and
    /// the fast step control (default).
    #[default]
    Fast,
    /// Closed-form functions and quadrature at every evaluation, modified Picard, the original
    /// step control.
    Reference,
    /// The fast path's functions and iteration with steps small enough for the answers to be
    /// converged in time (at most 0.01 d and 0.001 change of water content a step): the yard
    /// stick for the time-discretisation error of the other two (`tests/time_convergence.rs`).
    /// About ten times slower than [`Accuracy::Fast`].
    Converged,
}

impl Accuracy {
    /// Whether the solver uses the tabulated functions, Newton's iteration and the predictor
    /// (every choice but [`Accuracy::Reference`]).
    pub fn fast_machinery(self) -> bool {
        self != Accuracy::Reference
    }
}
