/** The PDEs, each written out in its class documentation with which term is linear and which nonlinear. */
package dev.surrogate.pde.equations;
