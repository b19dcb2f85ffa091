#include <stdio.h>  /* bzlib.h uses FILE */
#include <bzlib.h>
