// Package retry calls a function until it succeeds, waiting longer after each failure.
package retry

import (
	"context"
	"errors"
	"time"
)

// ErrGiveUp wraps the last error once every attempt has failed.
var ErrGiveUp = errors.New("retry: giving up")

// Do calls fn up to attempts times, doubling the wait from base after each failure (capped at max).
func Do(ctx context.Context, attempts int, base, max time.Duration, fn func(context.Context) error) error {
	wait := base
	var err error
	for i := 0; i < attempts; i++ {
		if err = fn(ctx); err == nil {
			return nil
		}
		if i == attempts-1 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
		if wait > max {
			wait = max
		}
	}
	return errors.Join(ErrGiveUp, err)
}
