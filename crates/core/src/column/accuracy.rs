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
}
