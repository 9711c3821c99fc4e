/*
title: [unclosed
*/
SELECT 1;
