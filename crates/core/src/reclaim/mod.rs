//! Reclamation formulas: leaching requirement, leaching depth, gypsum requirement.
