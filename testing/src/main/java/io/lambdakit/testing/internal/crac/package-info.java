/**
 * A CRaC API for {@code -Dorg.crac.Core.Compat}, used by the portable runtime loop where the
 * runtime interface client's own CRaC package cannot load (it needs the client's native
 * library). {@code org.crac} delegates registrations here; the loop calls the hooks around the
 * SnapStart restore exactly as the runtime client does: before-checkpoint in reverse
 * registration order, after-restore in registration order, every hook run, failures collected.
 */
package io.lambdakit.testing.internal.crac;
