/* mono.h -- the monotonic clock in milliseconds, for deadlines and back-offs. */
#ifndef BB_MONO_H
#define BB_MONO_H

#include <stdint.h>

int64_t mono_ms(void);
/* The same clock in microseconds (request durations). */
int64_t mono_us(void);

#endif
